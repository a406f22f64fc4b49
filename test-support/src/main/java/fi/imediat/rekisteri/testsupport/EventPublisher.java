package fi.imediat.rekisteri.testsupport;

import com.fasterxml.jackson.core.JsonProcessingException;
import fi.imediat.rekisteri.events.BrokerAccess;
import fi.imediat.rekisteri.events.CloudEventHeaders;
import fi.imediat.rekisteri.events.EventJson;
import fi.imediat.rekisteri.events.EventType;
import fi.imediat.rekisteri.events.Topics;
import fi.imediat.rekisteri.infra.KafkaClients;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Plays another service (or a hostile producer) on Kafka: sends CloudEvents, or raw records, to a topic. It
 * authenticates as the principal that may write the topic (its producing service; for a replies topic, its holder)
 * unless it was made {@link #as} a given principal, which is how a test tries what the broker must refuse.
 */
public final class EventPublisher implements AutoCloseable {

    /** Stands for "no principal" where a principal's name goes; no principal can have an empty name. */
    private static final String ANONYMOUS = "";

    private final KafkaClients clients;
    private final String principal;
    private final String transactionalId;
    private final Map<String, KafkaProducer<String, String>> producers = new HashMap<>();

    public EventPublisher(KafkaClients clients) {
        this(clients, null, null);
    }

    /** A publisher that authenticates as {@code principal} whatever the topic. */
    public static EventPublisher as(KafkaClients clients, String principal) {
        return new EventPublisher(clients, principal, null);
    }

    /** A publisher that connects over TLS without credentials, which the broker must refuse. */
    public static EventPublisher anonymous(KafkaClients clients) {
        return new EventPublisher(clients, ANONYMOUS, null);
    }

    /**
     * A publisher whose records become readable together, when it is closed (one Kafka transaction of
     * {@code principal}, under its relay's transactional ids): a {@code read_committed} consumer then polls them as
     * one batch.
     */
    public static EventPublisher inOneTransaction(KafkaClients clients, String principal) {
        return new EventPublisher(clients, principal,
                BrokerAccess.RELAY_TRANSACTION_PREFIX + principal + "-test-" + UUID.randomUUID());
    }

    private EventPublisher(KafkaClients clients, String principal, String transactionalId) {
        this.clients = clients;
        this.principal = principal;
        this.transactionalId = transactionalId;
    }

    private KafkaProducer<String, String> producerFor(String topic) {
        String writer = principal != null ? principal : Topics.writer(topic)
                .or(() -> Topics.replyingHolder(topic))
                .orElseThrow(() -> new IllegalArgumentException("say who publishes to " + topic
                        + ": EventPublisher.as(...)"));
        return producers.computeIfAbsent(writer, this::newProducer);
    }

    private KafkaProducer<String, String> newProducer(String writer) {
        Properties properties = writer.equals(ANONYMOUS) ? clients.anonymous() : clients.as(writer);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        // A refused write fails at once instead of being retried until the test's timeout; a client without
        // credentials never gets metadata, so its wait is the whole block time.
        properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, writer.equals(ANONYMOUS) ? 3_000 : 10_000);
        if (transactionalId != null) {
            properties.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        }
        KafkaProducer<String, String> producer = new KafkaProducer<>(properties);
        if (transactionalId != null) {
            producer.initTransactions();
            producer.beginTransaction();
        }
        return producer;
    }

    /** Sends {@code body} as an event of {@code type} with the given id; returns that id. */
    public UUID publish(EventType type, UUID eventId, UUID customerId, Object body) {
        return publishOn(type.topic(body), type, eventId, customerId, body);
    }

    /** Sends the event on {@code topic}, which need not be its own: how a test forges one where it does not belong. */
    public UUID publishOn(String topic, EventType type, UUID eventId, UUID customerId, Object body) {
        try {
            return publishRaw(topic, customerId.toString(), Map.of(
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
            producerFor(topic).send(record).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Could not publish to " + topic, e);
        }
        return id;
    }

    @Override
    public void close() {
        for (KafkaProducer<String, String> producer : producers.values()) {
            if (transactionalId != null) {
                producer.commitTransaction();
            }
            producer.close();
        }
    }
}
