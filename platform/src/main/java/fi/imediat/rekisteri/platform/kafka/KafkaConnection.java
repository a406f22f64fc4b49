package fi.imediat.rekisteri.platform.kafka;

import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.Properties;

/**
 * How every Kafka client that a service builds itself connects: with the settings of its Quarkus channels, the
 * {@code kafka.*} configuration (bootstrap servers, TLS, SASL; {@code KAFKA_*} in the environment) that Quarkus
 * collects as the {@code default-kafka-broker} map. The outbox relay's producer, the lag metrics' admin client and
 * the dead-letter replay's consumer and producer all start from {@link #clientProperties}, so a setting made for the
 * channels ({@code KAFKA_SECURITY_PROTOCOL=SSL} in production) reaches them as well.
 */
@ApplicationScoped
public class KafkaConnection {

    /** Quarkus adds the application's consumer group to the map; a client says for itself whether it has one. */
    private static final String GROUP_ID = "group.id";

    private final Map<String, Object> channelSettings;

    KafkaConnection(@Identifier("default-kafka-broker") Map<String, Object> channelSettings) {
        this.channelSettings = Map.copyOf(channelSettings);
    }

    /** The channels' connection settings under {@code clientId}, for the caller to add its own to. */
    public Properties clientProperties(String clientId) {
        Properties properties = new Properties();
        channelSettings.forEach((name, value) -> {
            if (!name.equals(GROUP_ID)) {
                properties.put(name, value);
            }
        });
        properties.put("client.id", clientId);
        return properties;
    }
}
