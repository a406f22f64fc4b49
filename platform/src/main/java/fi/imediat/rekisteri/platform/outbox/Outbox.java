package fi.imediat.rekisteri.platform.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import fi.imediat.rekisteri.events.EventJson;
import fi.imediat.rekisteri.events.EventType;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Records events in the caller's transaction. Nothing is sent here: the {@link OutboxRelay} publishes committed
 * rows, so a committed change is never followed by a lost event and a rolled-back one never by a false event.
 */
@ApplicationScoped
public class Outbox {

    /** The W3C trace context header, which the relay sends and the consumers' Kafka connector reads. */
    public static final String TRACEPARENT = "traceparent";

    private final EntityManager entityManager;

    Outbox(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** @return the event's id, which becomes its CloudEvents {@code id} */
    @Transactional(Transactional.TxType.MANDATORY)
    public UUID record(EventType type, UUID customerId, Object body) {
        if (!type.bodyType().isInstance(body)) {
            throw new IllegalArgumentException(type + " carries " + type.bodyType().getSimpleName() + ", not "
                    + body.getClass().getSimpleName());
        }
        OutboxEvent event = new OutboxEvent();
        event.id = UUID.randomUUID();
        event.topic = type.topic(body);
        event.messageKey = customerId.toString();
        event.ceType = type.ceType();
        event.ceSubject = customerId.toString();
        event.ceTime = Instant.now();
        try {
            event.payload = EventJson.mapper().writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Event body of " + type + " is not serialisable", e);
        }
        event.traceparent = currentTraceparent();
        entityManager.persist(event);
        return event.id;
    }

    private static String currentTraceparent() {
        Map<String, String> carrier = new HashMap<>();
        W3CTraceContextPropagator.getInstance().inject(Context.current(), carrier, Map::put);
        return carrier.get(TRACEPARENT);
    }
}
