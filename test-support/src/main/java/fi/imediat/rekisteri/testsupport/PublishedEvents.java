package fi.imediat.rekisteri.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import fi.imediat.rekisteri.events.CloudEventHeaders;
import fi.imediat.rekisteri.events.EventJson;
import fi.imediat.rekisteri.events.EventSchemas;
import fi.imediat.rekisteri.events.EventType;
import fi.imediat.rekisteri.events.Topics;
import fi.imediat.rekisteri.infra.KafkaClients;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Reads what really went over Kafka and holds every event to the contract: CloudEvents headers present, key equal
 * to the subject, body valid against its JSON Schema. A test that looks at a service's events through this class
 * is therefore also that producer's contract test.
 */
public final class PublishedEvents {

    /**
     * An event as received, already checked against the contract; {@code traceparent} is the W3C trace context
     * header, null when the event was recorded outside a trace.
     */
    public record Received(String id, EventType type, String key, JsonNode body, String source, String traceparent) {
    }

    private PublishedEvents() {
    }

    /** Waits until events of {@code key} on {@code topic} satisfy {@code until}; returns all of that key's events. */
    public static List<Received> await(KafkaClients clients, String topic, String key,
            Predicate<List<Received>> until, Duration timeout) {
        List<Received> received = new ArrayList<>();
        return TopicReader.read(clients, topic, key, PublishedEvents::checked, until, timeout, received)
                .orElseThrow(() -> new AssertionError("Events of " + key + " on " + topic + " did not arrive in "
                        + timeout + "; received " + received.stream().map(r -> r.type().shortName()).toList()));
    }

    /** Waits for one event of {@code type} for {@code key} and returns it. */
    public static Received awaitOne(KafkaClients clients, EventType type, String key, Duration timeout) {
        return awaitOne(clients, type.topic(), type, key, timeout);
    }

    /** Waits for {@code holder}'s first acknowledgement for {@code key}, on its replies topic, and returns it. */
    public static Received awaitAcknowledgement(KafkaClients clients, String holder, String key, Duration timeout) {
        return awaitOne(clients, Topics.privacyReplies(holder), EventType.HOLDER_ACKNOWLEDGED, key, timeout);
    }

    private static Received awaitOne(KafkaClients clients, String topic, EventType type, String key,
            Duration timeout) {
        List<Received> events = await(clients, topic, key, list -> list.stream().anyMatch(e -> e.type() == type),
                timeout);
        return events.stream().filter(e -> e.type() == type).findFirst().orElseThrow();
    }

    private static Received checked(ConsumerRecord<String, String> record) {
        String ceType = TopicReader.header(record, CloudEventHeaders.TYPE);
        EventType type = EventType.fromCeType(ceType)
                .orElseThrow(() -> new AssertionError("Unknown ce_type " + ceType + " on " + record.topic()));
        for (String required : List.of(CloudEventHeaders.ID, CloudEventHeaders.SOURCE, CloudEventHeaders.SUBJECT,
                CloudEventHeaders.TIME, CloudEventHeaders.SPEC_VERSION)) {
            if (TopicReader.header(record, required) == null) {
                throw new AssertionError(type + " lacks the " + required + " header");
            }
        }
        if (!record.key().equals(TopicReader.header(record, CloudEventHeaders.SUBJECT))) {
            throw new AssertionError(type + " key differs from its ce_subject");
        }
        List<String> violations = EventSchemas.violations(type, record.value());
        if (!violations.isEmpty()) {
            throw new AssertionError(type + " breaks its schema: " + violations);
        }
        try {
            String owned = type.topic(EventJson.mapper().readValue(record.value(), type.bodyType()));
            if (!owned.equals(record.topic())) {
                throw new AssertionError(type + " published on " + record.topic() + " instead of " + owned);
            }
            return new Received(TopicReader.header(record, CloudEventHeaders.ID), type, record.key(),
                    EventJson.mapper().readTree(record.value()), TopicReader.header(record, CloudEventHeaders.SOURCE),
                    TopicReader.header(record, "traceparent"));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
