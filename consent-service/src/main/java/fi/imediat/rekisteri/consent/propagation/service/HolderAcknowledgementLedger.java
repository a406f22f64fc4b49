package fi.imediat.rekisteri.consent.propagation.service;

import fi.imediat.rekisteri.events.HolderAcknowledged;
import fi.imediat.rekisteri.platform.database.SetStatements;
import fi.imediat.rekisteri.platform.holder.HolderConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Collectors;

import static fi.imediat.rekisteri.platform.database.SetStatements.array;

/** The holders' acknowledgements of this service's own withdrawals and prohibitions. */
@ApplicationScoped
public class HolderAcknowledgementLedger {

    /** One holder's reply; {@code outcomes} like {@code APPLIED} or {@code MARKETING_PERMISSIONS:APPLIED}. */
    public record Acknowledgement(String holder, Instant acknowledgedAt, List<String> outcomes) {
    }

    private final EntityManager entityManager;
    private final String holder;

    HolderAcknowledgementLedger(EntityManager entityManager, HolderConfig config) {
        this.entityManager = entityManager;
        this.holder = config.id();
    }

    /**
     * Keeps the replies that acknowledge one of this service's events (other services' events are not ours), in one
     * statement; a redelivered one changes nothing.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void record(List<HolderAcknowledged> acks) {
        if (acks.isEmpty()) {
            return;
        }
        SetStatements.update(entityManager, """
                        INSERT INTO holder_acknowledgement (event_id, holder, customer_id, acknowledged_at, outcomes)
                        SELECT a.event_id, a.holder, a.customer_id, CAST(a.acknowledged_at AS timestamptz),
                               CAST(a.outcomes AS text[])
                        FROM unnest(?, ?, ?, ?, ?) AS a(event_id, holder, customer_id, acknowledged_at, outcomes)
                        WHERE EXISTS (SELECT 1 FROM consent_change c
                                      WHERE c.event_id = a.event_id AND c.status = 'WITHDRAWN')
                           OR EXISTS (SELECT 1 FROM prohibition p
                                      WHERE p.added_event_id = a.event_id OR p.lifted_event_id = a.event_id)
                        ON CONFLICT (event_id, holder) DO NOTHING""",
                array("uuid", acks.stream().map(HolderAcknowledged::acknowledgedEventId).toList()),
                array("text", acks.stream().map(HolderAcknowledged::holder).toList()),
                array("uuid", acks.stream().map(HolderAcknowledged::customerId).toList()),
                array("text", acks.stream().map(a -> Objects.toString(a.acknowledgedAt(), null)).toList()),
                array("text", acks.stream().map(HolderAcknowledgementLedger::outcomesArray).toList()));
    }

    /** A reply's outcomes as a text[] literal, each like {@code APPLIED} or {@code MARKETING_PERMISSIONS:APPLIED}. */
    private static String outcomesArray(HolderAcknowledged ack) {
        return ack.outcomes().stream()
                .map(o -> "\"" + (o.category() == null ? o.outcome().name() : o.category() + ":" + o.outcome()) + "\"")
                .collect(Collectors.joining(",", "{", "}"));
    }

    /**
     * This service's own acknowledgement of an event it has just written: committing a withdrawal or a prohibition
     * is applying it, so it is kept here with the event instead of being published (the propagation ledger counts
     * the event itself as this service's acknowledgement).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void recordOwn(UUID eventId, UUID customerId, Instant appliedAt) {
        entityManager.createNativeQuery("""
                        INSERT INTO holder_acknowledgement (event_id, holder, customer_id, acknowledged_at, outcomes)
                        VALUES (?1, ?2, ?3, ?4, '{APPLIED}')""")
                .setParameter(1, eventId).setParameter(2, holder).setParameter(3, customerId)
                .setParameter(4, appliedAt).executeUpdate();
    }

    /** Every acknowledgement of the customer's events, by acknowledged event id, in the order they came. */
    @SuppressWarnings("unchecked")
    public Map<UUID, List<Acknowledgement>> ofCustomer(UUID customerId) {
        List<Object[]> rows = entityManager.createNativeQuery("""
                        SELECT event_id, holder, acknowledged_at, array_to_string(outcomes, ',')
                        FROM holder_acknowledgement WHERE customer_id = ?1 ORDER BY acknowledged_at, holder""")
                .setParameter(1, customerId).getResultList();
        return rows.stream().collect(Collectors.groupingBy(r -> (UUID) r[0], Collectors.mapping(
                r -> new Acknowledgement((String) r[1], toInstant(r[2]), List.of(((String) r[3]).split(","))),
                Collectors.toList())));
    }

    private static Instant toInstant(Object value) {
        return value instanceof java.sql.Timestamp t ? t.toInstant()
                : value instanceof java.time.OffsetDateTime o ? o.toInstant() : (Instant) value;
    }
}
