package fi.imediat.rekisteri.retention.propagation.service;

import fi.imediat.rekisteri.events.AckOutcome;
import fi.imediat.rekisteri.events.EventType;
import fi.imediat.rekisteri.events.HolderAcknowledged;
import fi.imediat.rekisteri.events.HolderAcknowledged.CategoryOutcome;
import fi.imediat.rekisteri.events.Topics;
import fi.imediat.rekisteri.platform.database.SetStatements;
import fi.imediat.rekisteri.retention.holders.service.HolderAnswers;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import static fi.imediat.rekisteri.platform.database.SetStatements.array;

/**
 * Which holders were expected to apply an event (withdrawal, prohibition, closure) and which have acknowledged
 * it. The expected set is the required holders at the time the event was recorded.
 */
@ApplicationScoped
public class PropagationLedger {

    /** One holder's state for one event. {@code outcomes} is the acknowledgement's JSON, null while waiting. */
    public record HolderState(String holder, boolean required, Instant dueAt, Instant acknowledgedAt,
            String outcomes) {
    }

    /** The propagation of one event; {@code eventType} is null while only acknowledgements have arrived. */
    public record Propagation(UUID eventId, String eventType, UUID customerId, Instant recordedAt,
            List<HolderState> holders) {

        public boolean complete() {
            return eventType != null && holders.stream().allMatch(h -> !h.required() || h.acknowledgedAt() != null);
        }
    }

    private static final String WRITER_APPLIED =
            HolderAnswers.outcomesJson(List.of(CategoryOutcome.of(AckOutcome.APPLIED)));

    private final EntityManager entityManager;
    private final Clock clock;

    PropagationLedger(EntityManager entityManager, Clock clock) {
        this.clock = clock;
        this.entityManager = entityManager;
    }

    /** An event that every required holder must apply. */
    public record TrackedEvent(UUID eventId, EventType type, UUID customerId) {
    }

    /**
     * Records the events, the holders required at this moment, and each event's writer's acknowledgement (the
     * holder that published it applied it by committing it, {@link Topics#writer}), all in one statement; a
     * redelivery changes nothing. The writer's acknowledgement is dated when the event is recorded here, not by the
     * event's own time.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void expect(List<TrackedEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        SetStatements.update(entityManager, """
                        WITH tracked AS (
                            SELECT * FROM unnest(?, ?, ?, ?) AS t(event_id, event_type, customer_id, writer)),
                        recorded AS (
                            INSERT INTO propagation (event_id, event_type, customer_id)
                            SELECT event_id, event_type, customer_id FROM tracked
                            ON CONFLICT DO NOTHING RETURNING event_id),
                        expected AS (
                            INSERT INTO propagation_holder (event_id, holder_id, due_at)
                            SELECT recorded.event_id, holder.id, CAST(? AS timestamptz) + holder.acknowledgement_deadline
                            FROM recorded, holder WHERE holder.acknowledgement_required)
                        INSERT INTO holder_acknowledgement
                            (acknowledged_event_id, holder_id, customer_id, outcomes, acknowledged_at)
                        SELECT tracked.event_id, tracked.writer, tracked.customer_id, CAST(? AS jsonb), ?
                        FROM recorded JOIN tracked USING (event_id)
                        ON CONFLICT DO NOTHING""",
                array("uuid", events.stream().map(TrackedEvent::eventId).toList()),
                array("text", events.stream().map(e -> e.type().shortName()).toList()),
                array("uuid", events.stream().map(TrackedEvent::customerId).toList()),
                array("text", events.stream().map(e -> Topics.writer(e.type().topic()).orElseThrow()).toList()),
                now, WRITER_APPLIED, now);
    }

    /** Records holders' acknowledgements of tracked events, in one statement; a redelivered one changes nothing. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void acknowledged(List<HolderAcknowledged> acks) {
        if (acks.isEmpty()) {
            return;
        }
        SetStatements.update(entityManager, """
                        INSERT INTO holder_acknowledgement
                            (acknowledged_event_id, holder_id, customer_id, outcomes, acknowledged_at)
                        SELECT a.event_id, a.holder_id, a.customer_id, CAST(a.outcomes AS jsonb),
                               CAST(a.acknowledged_at AS timestamptz)
                        FROM unnest(?, ?, ?, ?, ?) AS a(event_id, holder_id, customer_id, outcomes, acknowledged_at)
                        ON CONFLICT DO NOTHING""",
                array("uuid", acks.stream().map(HolderAcknowledged::acknowledgedEventId).toList()),
                array("text", acks.stream().map(HolderAcknowledged::holder).toList()),
                array("uuid", acks.stream().map(HolderAcknowledged::customerId).toList()),
                array("text", acks.stream().map(a -> HolderAnswers.outcomesJson(a.outcomes())).toList()),
                array("text", acks.stream().map(a -> Objects.toString(a.acknowledgedAt(), null)).toList()));
    }

    public Optional<Propagation> find(UUID eventId) {
        List<?> event = entityManager.createNativeQuery(
                        "SELECT event_type, customer_id, recorded_at FROM propagation WHERE event_id = ?1")
                .setParameter(1, eventId).getResultList();
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("""
                        SELECT coalesce(e.holder_id, a.holder_id), e.holder_id IS NOT NULL, e.due_at,
                               a.acknowledged_at, CAST(a.outcomes AS text), a.customer_id
                        FROM (SELECT holder_id, due_at FROM propagation_holder WHERE event_id = ?1) e
                        FULL JOIN (SELECT holder_id, acknowledged_at, outcomes, customer_id
                                   FROM holder_acknowledgement WHERE acknowledged_event_id = ?1) a
                        ON e.holder_id = a.holder_id""")
                .setParameter(1, eventId).getResultList();
        if (event.isEmpty() && rows.isEmpty()) {
            return Optional.empty();
        }
        Map<String, HolderState> holders = new LinkedHashMap<>();
        UUID customerId = null;
        for (Object[] row : rows) {
            holders.put((String) row[0], new HolderState((String) row[0], (Boolean) row[1], (Instant) row[2],
                    (Instant) row[3], (String) row[4]));
            customerId = row[5] != null ? (UUID) row[5] : customerId;
        }
        List<HolderState> sorted = new ArrayList<>(holders.values());
        sorted.sort(Comparator.comparing(HolderState::holder));
        if (event.isEmpty()) {
            return Optional.of(new Propagation(eventId, null, customerId, null, sorted));
        }
        Object[] head = (Object[]) event.get(0);
        return Optional.of(new Propagation(eventId, (String) head[0], (UUID) head[1], (Instant) head[2], sorted));
    }
}
