#!/usr/bin/env bash
# docker-compose's kafka: starts the broker of the apache/kafka image with the KAFKA_* settings of docker-compose.yml.
# Not the image's own start (/etc/kafka/docker/run): that formats the storage without credentials, and the admin's
# SCRAM credentials must be in the first metadata, as infra's KafkaBroker puts them: the broker authenticates to
# itself as the admin, and every other principal is made through it (kafka-setup.sh).
set -euo pipefail

config=/opt/kafka/config/rekisteri-server.properties
: > "$config"
# A setting's variable is named as the image names them: KAFKA_ and the key upper-cased, with _ for ., __ for _ and
# ___ for - (KAFKA_LISTENER_NAME_INTERNAL_SCRAM___SHA___512_SASL_JAAS_CONFIG is
# listener.name.internal.scram-sha-512.sasl.jaas.config).
for name in $(compgen -e); do
  case "$name" in
    KAFKA_*_OPTS) ;; # the JVM options of Kafka's start scripts, not broker settings
    KAFKA_*)
      key=${name#KAFKA_}
      key=${key,,}
      key=${key//_/.}
      key=${key//.../-}
      key=${key//../_}
      printf '%s=%s\n' "$key" "${!name}" >> "$config"
      ;;
  esac
done
keystore_password=$(cat /etc/kafka/secrets/keystore-password)
printf 'ssl.keystore.password=%s\n' "$keystore_password" >> "$config"

if [ ! -f "$KAFKA_LOG_DIRS/meta.properties" ]; then
  /opt/kafka/bin/kafka-storage.sh format --config "$config" \
    --cluster-id "$(/opt/kafka/bin/kafka-storage.sh random-uuid)" \
    --add-scram "SCRAM-SHA-512=[name=admin,password=$ADMIN_PASSWORD]"
fi

# The healthcheck's client: the admin over the internal listener, as kafka-setup connects.
cat > /opt/kafka/config/rekisteri-admin.properties <<EOF
security.protocol=SASL_SSL
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="$ADMIN_PASSWORD";
ssl.truststore.type=PEM
ssl.truststore.location=/etc/kafka/secrets/ca.crt
EOF

exec /opt/kafka/bin/kafka-server-start.sh "$config"
