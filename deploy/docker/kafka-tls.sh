#!/usr/bin/env bash
# docker-compose's kafka-tls: run once before the broker, as root, in the broker's image (apache/kafka, whose JRE has
# keytool). The broker's TLS identity, made on first run as infra's KafkaTls makes the local stack's: a self-signed
# certificate for kafka (the services, inside the compose network) and localhost (holder systems on this machine).
# That certificate, ca.crt (PEM), is what every client trusts. It goes to
#   /tls      volume kafka-tls, the broker's alone: broker.p12 (its key), keystore-password, ca.crt
#   /ca       volume kafka-ca, read by the services and kafka-setup: ca.crt
#   /export   ./.rekisteri-docker on the host: kafka-ca.crt, for holder systems run on the host
set -euo pipefail

if [ ! -f /tls/ca.crt ]; then
  rm -f /tls/broker.p12 /tls/keystore-password
  # URL-safe base64: nothing that keytool's or the broker's configuration would have to quote.
  head -c 24 /dev/urandom | base64 | tr '+/' '-_' > /tls/keystore-password
  password=$(cat /tls/keystore-password)
  keytool -genkeypair -alias broker -keyalg EC -groupname secp256r1 -dname CN=kafka \
    -ext SAN=dns:kafka,dns:localhost,ip:127.0.0.1 -validity 3650 \
    -storetype PKCS12 -keystore /tls/broker.p12 -storepass "$password" -keypass "$password"
  keytool -exportcert -rfc -alias broker -keystore /tls/broker.p12 -storepass "$password" -file /tls/ca.crt.partial
  # The key is readable by the broker's user only (the image's appuser, as which the broker runs).
  chown appuser /tls/broker.p12 /tls/keystore-password
  chmod 600 /tls/broker.p12 /tls/keystore-password
  chmod 644 /tls/ca.crt.partial
  # Last, so that a run interrupted half-way makes a new identity instead of trusting half of one.
  mv /tls/ca.crt.partial /tls/ca.crt
fi

# Copied at every run: the copies of a removed volume or directory come back with the identity the broker has.
cp /tls/ca.crt /ca/ca.crt
chmod 644 /ca/ca.crt
cp /tls/ca.crt /export/kafka-ca.crt
# Docker makes a missing bind-mounted directory as root; the checkout's owner (of /rekisteri, its deploy/docker)
# gets it and the certificate, so removing them needs no root.
chown "$(stat -c %u:%g /rekisteri)" /export /export/kafka-ca.crt
chmod 644 /export/kafka-ca.crt
