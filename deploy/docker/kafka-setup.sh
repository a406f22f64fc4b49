#!/usr/bin/env bash
# docker-compose's kafka-setup: run once the broker is healthy, before the services start. The principals, topics and
# ACLs of the contract, as infra's KafkaBroker makes them on the test and local brokers: a SCRAM-SHA-512 principal per
# service and for the README's example holder (newsletter-platform), each granted exactly what events' BrokerAccess
# grants it, and every topic those grants name, made here because the broker makes none by itself. deploy-check's
# DockerComposeBrokerTest fails when the user, topic and allow lines below differ from BrokerAccess, and prints the
# lines that BrokerAccess makes. Every step is idempotent: this runs at every `docker compose up`.
#
# Local-demo passwords only (each principal's is its name), as everywhere in docker-compose.yml: never use them
# anywhere else.
set -euo pipefail

admin=/tmp/admin.properties
cat > "$admin" <<EOF
security.protocol=SASL_SSL
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="$ADMIN_PASSWORD";
ssl.truststore.type=PEM
ssl.truststore.location=/etc/rekisteri/kafka-ca/ca.crt
EOF
as_admin=(--bootstrap-server kafka:9092 --command-config "$admin")

# user NAME PASSWORD: a principal that authenticates with SCRAM-SHA-512.
user() {
  /opt/kafka/bin/kafka-configs.sh "${as_admin[@]}" --alter --entity-type users --entity-name "$1" \
    --add-config "SCRAM-SHA-512=[password=$2]"
}

# topic NAME: three partitions, as on the test and local brokers, one replica (one broker).
topic() {
  /opt/kafka/bin/kafka-topics.sh "${as_admin[@]}" --create --if-not-exists --topic "$1" \
    --partitions 3 --replication-factor 1
}

# allow PRINCIPAL OPERATIONS TYPE PATTERN NAME...: PRINCIPAL may do each of the comma-separated OPERATIONS on every
# resource NAME of TYPE (topic, group or transactional-id), matched as PATTERN (literal or prefixed). One
# kafka-acls.sh call for them all: each call is a JVM start.
allow() {
  local principal=$1 operations=$2 type=$3 pattern=$4
  shift 4
  local arguments=()
  for operation in ${operations//,/ }; do
    arguments+=(--operation "$operation")
  done
  for name in "$@"; do
    arguments+=("--$type" "$name")
  done
  /opt/kafka/bin/kafka-acls.sh "${as_admin[@]}" --add --allow-principal "User:$principal" \
    --resource-pattern-type "$pattern" "${arguments[@]}"
}

user customer-service customer-service
user consent-service consent-service
user retention-service retention-service
user newsletter-platform newsletter-platform

topic rekisteri.customer.v1
topic rekisteri.consent.v1
topic rekisteri.privacy-requests.v1
topic rekisteri.customer.v1.dlq
topic rekisteri.consent.v1.dlq
topic rekisteri.privacy-requests.v1.dlq
topic rekisteri.privacy-replies.customer-service.v1
topic rekisteri.privacy-replies.consent-service.v1
topic rekisteri.privacy-replies.retention-service.v1
topic rekisteri.privacy-replies.newsletter-platform.v1
topic rekisteri.privacy-replies.v1.dlq

# customer-service: customer events; consumes consent changes and privacy requests.
allow customer-service Write,Describe topic literal \
  rekisteri.consent.v1.dlq \
  rekisteri.customer.v1 \
  rekisteri.privacy-replies.customer-service.v1 \
  rekisteri.privacy-requests.v1.dlq
allow customer-service Read,Describe topic literal \
  rekisteri.consent.v1 \
  rekisteri.consent.v1.dlq \
  rekisteri.privacy-requests.v1 \
  rekisteri.privacy-requests.v1.dlq
allow customer-service Read group literal \
  customer-service \
  customer-service-dead-letter-replay
allow customer-service Write,Describe transactional-id prefixed outbox-relay-customer-service

# consent-service: consent changes; consumes customer events, privacy requests and every holder's replies.
allow consent-service Write,Describe topic literal \
  rekisteri.consent.v1 \
  rekisteri.customer.v1.dlq \
  rekisteri.privacy-replies.consent-service.v1 \
  rekisteri.privacy-replies.v1.dlq \
  rekisteri.privacy-requests.v1.dlq
allow consent-service Read,Describe topic literal \
  rekisteri.customer.v1 \
  rekisteri.customer.v1.dlq \
  rekisteri.privacy-replies.v1.dlq \
  rekisteri.privacy-requests.v1 \
  rekisteri.privacy-requests.v1.dlq
allow consent-service Read,Describe topic prefixed rekisteri.privacy-replies.
allow consent-service Read group literal \
  consent-service \
  consent-service-dead-letter-replay
allow consent-service Write,Describe transactional-id prefixed outbox-relay-consent-service

# retention-service: privacy requests (it alone); consumes customer events, consent changes, privacy requests and
# every holder's replies.
allow retention-service Write,Describe topic literal \
  rekisteri.consent.v1.dlq \
  rekisteri.customer.v1.dlq \
  rekisteri.privacy-replies.retention-service.v1 \
  rekisteri.privacy-replies.v1.dlq \
  rekisteri.privacy-requests.v1 \
  rekisteri.privacy-requests.v1.dlq
allow retention-service Read,Describe topic literal \
  rekisteri.consent.v1 \
  rekisteri.consent.v1.dlq \
  rekisteri.customer.v1 \
  rekisteri.customer.v1.dlq \
  rekisteri.privacy-replies.v1.dlq \
  rekisteri.privacy-requests.v1 \
  rekisteri.privacy-requests.v1.dlq
allow retention-service Read,Describe topic prefixed rekisteri.privacy-replies.
allow retention-service Read group literal \
  retention-service \
  retention-service-dead-letter-replay
allow retention-service Write,Describe transactional-id prefixed outbox-relay-retention-service

# newsletter-platform, the example external holder: reads privacy requests and consent changes, in consumer groups
# named after itself, and writes only its own replies topic.
allow newsletter-platform Write,Describe topic literal rekisteri.privacy-replies.newsletter-platform.v1
allow newsletter-platform Read,Describe topic literal \
  rekisteri.consent.v1 \
  rekisteri.privacy-requests.v1
allow newsletter-platform Read group prefixed newsletter-platform
