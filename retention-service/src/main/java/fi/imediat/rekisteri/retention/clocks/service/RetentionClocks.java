package fi.imediat.rekisteri.retention.clocks.service;

import fi.imediat.rekisteri.events.AckOutcome;
import fi.imediat.rekisteri.events.DataCategory;
import fi.imediat.rekisteri.events.HolderAcknowledged;
import fi.imediat.rekisteri.platform.audit.AuditAction;
import fi.imediat.rekisteri.platform.audit.AuditTrail;
import fi.imediat.rekisteri.platform.audit.ProcessingPurpose;
import fi.imediat.rekisteri.platform.database.SetStatements;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.UUID;

import static fi.imediat.rekisteri.platform.database.SetStatements.array;

/**
 * The retention clocks of each customer (privacy notice §5): the relationship clock starts when the relationship
 * ends and stops when it is reopened; its due date is the end date plus the longest period of the categories kept
 * {@code AFTER_RELATIONSHIP_END}, read from the live policies, so a policy change moves every due date. Follow-up
 * clocks come from what holders answered {@code RETAINED} with an until-date, for just those categories.
 */
@ApplicationScoped
public class RetentionClocks {

    /** The relationship clock's due date ({@code c} is the clock); null when no category runs from the end. */
    private static final String DUE_ON_SQL = """
            CAST(c.relationship_ended_on + (SELECT max(CAST(p.period AS interval)) FROM current_retention_policy p
                                            WHERE p.basis = 'AFTER_RELATIONSHIP_END') AS date)""";

    public enum Relationship {
        /** Ended and reopened: the clock is stopped until the next end. */
        REOPENED,
        /** Ended: the clock runs until its due date. */
        ENDED,
        /** The clock was due and the sweep asked every holder to erase. */
        SWEPT,
        /**
         * The customer was erased, and the relationship clock with them; what is left are the follow-up clocks of the
         * categories holders retained.
         */
        ERASED
    }

    public record FollowUp(String holder, DataCategory category, LocalDate dueOn, String legalBasis,
            UUID sourceRequestId, Instant sweptAt, UUID erasureRequestId) {
    }

    public record Clock(UUID customerId, Relationship relationship, LocalDate relationshipEndedOn, LocalDate dueOn,
            Instant reopenedAt, Instant sweptAt, UUID erasureRequestId, List<FollowUp> followUps) {
    }

    /** What of a customer is due on a day: everything (the relationship clock) and/or retained categories. */
    public record Due(boolean relationshipClock, List<DataCategory> retainedCategories) {

        public List<DataCategory> categories() {
            return relationshipClock ? Arrays.asList(DataCategory.values()) : retainedCategories;
        }
    }

    private static final Comparator<DataCategory> BY_NAME = Comparator.comparing(DataCategory::name);

    /** Below every customer id (PostgreSQL compares uuids bytewise). */
    private static final UUID FIRST = new UUID(0, 0);

    private final EntityManager entityManager;
    private final AuditTrail audit;

    RetentionClocks(EntityManager entityManager, AuditTrail audit) {
        this.entityManager = entityManager;
        this.audit = audit;
    }

    /** Starts (or restarts, after a reopening or an earlier sweep) the relationship clock. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void relationshipEnded(UUID customerId, LocalDate endedOn) {
        entityManager.createNativeQuery("""
                        INSERT INTO retention_clock (customer_id, relationship_ended_on) VALUES (?1, ?2)
                        ON CONFLICT (customer_id) DO UPDATE SET relationship_ended_on = ?2, updated_at = now(),
                            reopened_at = NULL, swept_at = NULL, erasure_request_id = NULL""")
                .setParameter(1, customerId).setParameter(2, endedOn).executeUpdate();
        audit.record("retention-clock.start", customerId, List.of(DataCategory.CUSTOMERSHIP), AuditAction.UPDATE,
                ProcessingPurpose.RIGHTS_AND_OBLIGATIONS);
    }

    /** A new service or registration for a customer whose clock runs: the relationship goes on, the clock stops. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void relationshipReopened(UUID customerId) {
        int stopped = entityManager.createNativeQuery("""
                        UPDATE retention_clock SET reopened_at = now(), updated_at = now()
                        WHERE customer_id = ?1 AND reopened_at IS NULL AND swept_at IS NULL""")
                .setParameter(1, customerId).executeUpdate();
        if (stopped > 0) {
            audit.record("retention-clock.stop", customerId, List.of(DataCategory.CUSTOMERSHIP), AuditAction.UPDATE,
                    ProcessingPurpose.RIGHTS_AND_OBLIGATIONS);
        }
    }

    /**
     * A holder's answer to one of our erasure requests: every category it retains until a date gets a follow-up
     * clock, so that it is asked to erase just that category then. Answers to anything else change nothing. The
     * until-date is a minimum (the Accounting Act's last day, the proofs' last day): it is still kept, and the clock
     * is due the day after.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void holderAnswered(HolderAcknowledged ack) {
        if (ack.requestId() == null || ack.outcomes() == null) {
            return;
        }
        for (HolderAcknowledged.CategoryOutcome outcome : ack.outcomes()) {
            if (outcome.outcome() != AckOutcome.RETAINED || outcome.category() == null
                    || outcome.retainedUntil() == null) {
                continue;
            }
            int created = entityManager.createNativeQuery("""
                            INSERT INTO follow_up_clock (source_request_id, holder_id, category, customer_id, due_on,
                                legal_basis)
                            SELECT id, ?2, ?3, customer_id, ?4, ?5 FROM erasure_request WHERE id = ?1
                            ON CONFLICT DO NOTHING""")
                    .setParameter(1, ack.requestId()).setParameter(2, ack.holder())
                    .setParameter(3, outcome.category().name()).setParameter(4, outcome.retainedUntil().plusDays(1))
                    .setParameter(5, outcome.legalBasis())
                    .executeUpdate();
            if (created > 0) {
                audit.record("retention-clock.follow-up", ack.customerId(), List.of(outcome.category()),
                        AuditAction.CREATE, ProcessingPurpose.RIGHTS_AND_OBLIGATIONS);
            }
        }
    }

    /**
     * Customers with a clock due on {@code today}, in id order after {@code after} (null: from the start); each
     * branch walks its table's customer id index only as far as one batch.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<UUID> dueCustomers(LocalDate today, UUID after, int limit) {
        @SuppressWarnings("unchecked")
        List<UUID> due = entityManager.createNativeQuery("""
                        (SELECT c.customer_id FROM retention_clock c
                         WHERE c.customer_id > ?2 AND c.reopened_at IS NULL AND c.swept_at IS NULL AND %s <= ?1
                         ORDER BY c.customer_id LIMIT ?3)
                        UNION
                        (SELECT customer_id FROM follow_up_clock
                         WHERE customer_id > ?2 AND swept_at IS NULL AND due_on <= ?1
                         ORDER BY customer_id LIMIT ?3)
                        ORDER BY 1 LIMIT ?3""".formatted(DUE_ON_SQL))
                .setParameter(1, today).setParameter(2, after == null ? FIRST : after)
                .setParameter(3, limit).getResultList();
        return due;
    }

    /**
     * Locks the customers' due clocks and says what each covers; a customer with nothing due (any more) is left
     * out. Two statements for all of them.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Map<UUID, Due> lockDue(Collection<UUID> customers, LocalDate today) {
        Set<UUID> relationshipDue = new HashSet<>(SetStatements.query(entityManager, """
                        SELECT c.customer_id FROM retention_clock c WHERE c.customer_id = ANY (?)
                            AND c.reopened_at IS NULL AND c.swept_at IS NULL AND %s <= ?
                        FOR UPDATE""".formatted(DUE_ON_SQL),
                row -> row.getObject(1, UUID.class), array("uuid", customers), today));
        Map<UUID, SortedSet<DataCategory>> retained = new HashMap<>();
        SetStatements.query(entityManager, """
                        SELECT customer_id, category FROM follow_up_clock
                        WHERE customer_id = ANY (?) AND swept_at IS NULL AND due_on <= ? FOR UPDATE""",
                row -> retained.computeIfAbsent(row.getObject(1, UUID.class), c -> new TreeSet<>(BY_NAME))
                        .add(DataCategory.valueOf(row.getString(2))),
                array("uuid", customers), today);
        Map<UUID, Due> due = new LinkedHashMap<>();
        for (UUID customerId : customers) {
            boolean relationship = relationshipDue.contains(customerId);
            List<DataCategory> categories = List.copyOf(retained.getOrDefault(customerId, new TreeSet<>(BY_NAME)));
            if (relationship || !categories.isEmpty()) {
                due.put(customerId, new Due(relationship, categories));
            }
        }
        return due;
    }

    /** Ends the customers' due clocks: each customer's erasure request in {@code requests} now covers them. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void swept(Map<UUID, UUID> requests, LocalDate today) {
        if (requests.isEmpty()) {
            return;
        }
        SetStatements.update(entityManager, """
                        UPDATE retention_clock c SET swept_at = now(), erasure_request_id = s.request_id,
                            updated_at = now()
                        FROM unnest(?, ?) AS s(customer_id, request_id)
                        WHERE c.customer_id = s.customer_id AND c.reopened_at IS NULL AND c.swept_at IS NULL
                            AND %s <= ?""".formatted(DUE_ON_SQL),
                array("uuid", requests.keySet()), array("uuid", requests.values()), today);
        SetStatements.update(entityManager, """
                        UPDATE follow_up_clock f SET swept_at = now(), erasure_request_id = s.request_id
                        FROM unnest(?, ?) AS s(customer_id, request_id)
                        WHERE f.customer_id = s.customer_id AND f.swept_at IS NULL AND f.due_on <= ?""",
                array("uuid", requests.keySet()), array("uuid", requests.values()), today);
    }

    public Optional<Clock> find(UUID customerId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("""
                        SELECT c.relationship_ended_on, %s, c.reopened_at, c.swept_at, c.erasure_request_id
                        FROM retention_clock c WHERE c.customer_id = ?1""".formatted(DUE_ON_SQL))
                .setParameter(1, customerId).getResultList();
        @SuppressWarnings("unchecked")
        List<Object[]> followUps = entityManager.createNativeQuery("""
                        SELECT holder_id, category, due_on, legal_basis, source_request_id, swept_at,
                            erasure_request_id
                        FROM follow_up_clock WHERE customer_id = ?1 ORDER BY due_on, holder_id, category""")
                .setParameter(1, customerId).getResultList();
        if (rows.isEmpty() && followUps.isEmpty()) {
            return Optional.empty();
        }
        List<FollowUp> retained = followUps.stream().map(f -> new FollowUp((String) f[0],
                DataCategory.valueOf((String) f[1]), toDate(f[2]), (String) f[3], (UUID) f[4], (Instant) f[5],
                (UUID) f[6])).toList();
        if (rows.isEmpty()) {
            // Follow-ups are made only by an erasure's answers, and that erasure took the relationship clock.
            return Optional.of(new Clock(customerId, Relationship.ERASED, null, null, null, null, null, retained));
        }
        Object[] c = rows.get(0);
        Relationship relationship = c[3] != null ? Relationship.SWEPT
                : c[2] != null ? Relationship.REOPENED : Relationship.ENDED;
        return Optional.of(new Clock(customerId, relationship, toDate(c[0]),
                relationship == Relationship.ENDED ? toDate(c[1]) : null, (Instant) c[2], (Instant) c[3],
                (UUID) c[4], retained));
    }

    /** @return whether there was a relationship clock to erase (follow-up clocks stay: they are what erases later) */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean erase(UUID customerId) {
        return entityManager.createNativeQuery("DELETE FROM retention_clock WHERE customer_id = ?1")
                .setParameter(1, customerId).executeUpdate() > 0;
    }

    private static LocalDate toDate(Object value) {
        return value == null ? null : value instanceof java.sql.Date date ? date.toLocalDate() : (LocalDate) value;
    }
}
