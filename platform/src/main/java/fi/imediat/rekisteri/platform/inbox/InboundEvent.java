package fi.imediat.rekisteri.platform.inbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import fi.imediat.rekisteri.events.CloudEventHeaders;
import fi.imediat.rekisteri.events.EventJson;
import fi.imediat.rekisteri.events.EventType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A CloudEvent read from Kafka (binary mode). Anything that is not a valid event of the contract is rejected
 * with {@link PoisonEventException}, which sends the record to the topic's dead-letter queue: so is an event on
 * another topic than its own ({@link EventType#topic(Object)}), which its owner did not write, since the broker lets
 * only the owner write that topic; an acknowledgement for holder X read from holder Y's replies topic is one.
 * {@code key} is the record's Kafka key: the customer, whose events keep their order on one partition.
 */
public record InboundEvent(String id, EventType type, String subject, String body, String topic, String key) {

    private static final Pattern VERSIONED_TYPE = Pattern.compile("(.+)\\.(v[0-9]+)");

    public static InboundEvent from(ConsumerRecord<String, String> record) {
        String id = header(record, CloudEventHeaders.ID);
        String ceType = header(record, CloudEventHeaders.TYPE);
        if (id == null || ceType == null) {
            throw new PoisonEventException("missing ce_id or ce_type header");
        }
        String specVersion = header(record, CloudEventHeaders.SPEC_VERSION);
        if (specVersion != null && !CloudEventHeaders.SPEC_VERSION_VALUE.equals(specVersion)) {
            throw new PoisonEventException("unsupported CloudEvents specversion " + specVersion);
        }
        EventType type = EventType.fromCeType(ceType).orElseThrow(() -> unknownType(ceType));
        if (record.value() == null) {
            throw new PoisonEventException("no body");
        }
        return new InboundEvent(id, type, header(record, CloudEventHeaders.SUBJECT), record.value(), record.topic(),
                record.key());
    }

    /** The event id as a UUID, as every producer of the set issues them. */
    public UUID uuid() {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new PoisonEventException("ce_id is not a UUID");
        }
    }

    public <T> T body(Class<T> bodyType) {
        if (!type.bodyType().equals(bodyType)) {
            throw new IllegalArgumentException(type + " does not carry " + bodyType.getSimpleName());
        }
        T parsed;
        try {
            parsed = EventJson.mapper().readValue(body, bodyType);
        } catch (JsonProcessingException e) {
            // The parser's message could quote the body; only its location is reported.
            throw new PoisonEventException("body of " + type.shortName() + " does not match the contract at "
                    + e.getLocation());
        }
        String owned = type.topic(parsed);
        if (!owned.equals(topic)) {
            throw new PoisonEventException(type.shortName() + " belongs on " + owned + ", not on " + topic
                    + ": not written by its owner");
        }
        return parsed;
    }

    /**
     * The schema version is the {@code .vN} suffix of {@code ce_type}: a known event in a version this consumer
     * does not read is named as such, so the dead-letter reason tells which producer ran ahead of it.
     */
    private static PoisonEventException unknownType(String ceType) {
        Matcher versioned = VERSIONED_TYPE.matcher(ceType);
        if (versioned.matches()) {
            for (EventType known : EventType.values()) {
                Matcher ours = VERSIONED_TYPE.matcher(known.ceType());
                if (ours.matches() && ours.group(1).equals(versioned.group(1))) {
                    return new PoisonEventException("unsupported schema version " + versioned.group(2) + " of "
                            + known.shortName() + " (this consumer reads " + ours.group(2) + ")");
                }
            }
        }
        return new PoisonEventException("unknown ce_type " + ceType);
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
