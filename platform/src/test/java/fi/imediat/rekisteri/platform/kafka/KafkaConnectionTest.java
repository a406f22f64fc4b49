package fi.imediat.rekisteri.platform.kafka;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Fast tier (no infrastructure): a client the service builds itself gets every connection setting of the channels.
 * That the relay, the lag metrics and the dead-letter replay use it is shown by the module tests against the real
 * broker: their only bootstrap address comes from here.
 */
class KafkaConnectionTest {

    @Test
    void aClientGetsTheChannelsTlsAndSaslSettingsUnderItsOwnIdAndNoConsumerGroup() {
        KafkaConnection connection = new KafkaConnection(Map.of(
                "bootstrap.servers", "kafka:9093",
                "security.protocol", "SASL_SSL",
                "sasl.mechanism", "SCRAM-SHA-512",
                "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required;",
                "ssl.truststore.type", "PEM",
                "ssl.truststore.location", "/etc/rekisteri/kafka-ca/ca.crt",
                "group.id", "customer-service"));

        Properties relay = connection.clientProperties("outbox-relay-customer-service");

        assertEquals("kafka:9093", relay.get("bootstrap.servers"));
        assertEquals("SASL_SSL", relay.get("security.protocol"));
        assertEquals("SCRAM-SHA-512", relay.get("sasl.mechanism"));
        assertEquals("org.apache.kafka.common.security.scram.ScramLoginModule required;",
                relay.get("sasl.jaas.config"));
        assertEquals("PEM", relay.get("ssl.truststore.type"));
        assertEquals("/etc/rekisteri/kafka-ca/ca.crt", relay.get("ssl.truststore.location"));
        assertEquals("outbox-relay-customer-service", relay.get("client.id"));
        assertFalse(relay.containsKey("group.id"), "the channels' consumer group is not every client's");
    }

    @Test
    void eachCallIsAFreshCopyThatAClientMayAddTo() {
        KafkaConnection connection = new KafkaConnection(Map.of("bootstrap.servers", "kafka:9093"));
        connection.clientProperties("one").put("acks", "all");
        assertFalse(connection.clientProperties("two").containsKey("acks"));
    }
}
