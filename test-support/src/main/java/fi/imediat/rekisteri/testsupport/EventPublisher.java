package fi.imediat.rekisteri.testsupport;

import com.fasterxml.jackson.core.JsonProcessingException;
import fi.imediat.rekisteri.events.CloudEventHeaders;
import fi.imediat.rekisteri.events.EventJson;
import fi.imediat.rekisteri.events.EventType;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** Plays another service (or a hostile producer) on Kafka: sends CloudEvents, or raw records, to a topic. */
public final class EventPublisher implements AutoCloseable {

    private final KafkaProducer<String, String> producer;
    private final boolean transactional;

    public EventPublisher(String bootstrapServers) {
        this(bootstrapServers, null);
    }

    /**
     * A publisher whose records become readable together, when it is closed (one Kafka transaction): a
     * {@code read_committed} consumer then polls them as one batch.
     */
    public static EventPublisher inOneTransaction(String bootstrapServers) {
        return new EventPublisher(bootstrapServers, "test-publisher-" + UUID.randomUUID());
    }

    private EventPublisher(String bootstrapServers, String transactionalId) {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        if (transactionalId != null) {
            properties.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        }
        producer = new KafkaProducer<>(properties);
        transactional = transactionalId != null;
        if (transactional) {
            producer.initTransactions();
            producer.beginTransaction();
        }
    }

    /** Sends {@code body} as an event of {@code type} with the given id; returns that id. */
    public UUID publish(EventType type, UUID eventId, UUID customerId, Object body) {
        try {
            return publishRaw(type.topic(), customerId.toString(), Map.of(
                    CloudEventHeaders.ID, eventId.toString(),
                    CloudEventHeaders.TYPE, type.ceType(),
                    CloudEventHeaders.SOURCE, "/rekisteri/test",
                    CloudEventHeaders.SUBJECT, customerId.toString(),
                    CloudEventHeaders.TIME, Instant.now().toString(),
                    CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_VALUE),
                    EventJson.mapper().writeValueAsString(body), eventId);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    public UUID publish(EventType type, UUID customerId, Object body) {
        return publish(type, UUID.randomUUID(), customerId, body);
    }

    /** Sends exactly what it is given, for poison-message tests. */
    public UUID publishRaw(String topic, String key, Map<String, String> headers, String value, UUID id) {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, value);
        headers.forEach((name, v) -> record.headers().add(name, v.getBytes(StandardCharsets.UTF_8)));
        try {
            producer.send(record).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Could not publish to " + topic, e);
        }
        return id;
    }

    @Override
    public void close() {
        if (transactional) {
            producer.commitTransaction();
        }
        producer.close();
    }
}
