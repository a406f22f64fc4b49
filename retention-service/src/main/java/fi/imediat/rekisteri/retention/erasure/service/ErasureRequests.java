package fi.imediat.rekisteri.retention.erasure.service;

import fi.imediat.rekisteri.events.DataCategory;
import fi.imediat.rekisteri.events.ErasureReason;
import fi.imediat.rekisteri.events.ErasureRequested;
import fi.imediat.rekisteri.events.EventType;
import fi.imediat.rekisteri.events.HolderAcknowledged;
import fi.imediat.rekisteri.platform.audit.AuditAction;
import fi.imediat.rekisteri.platform.audit.AuditTrail;
import fi.imediat.rekisteri.platform.audit.ProcessingPurpose;
import fi.imediat.rekisteri.platform.database.SetStatements;
import fi.imediat.rekisteri.platform.locking.TransactionLocks;
import fi.imediat.rekisteri.platform.outbox.Outbox;
import fi.imediat.rekisteri.platform.problem.Problem;
import fi.imediat.rekisteri.platform.problem.ProblemException;
import fi.imediat.rekisteri.retention.holders.service.HolderAnswers;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static fi.imediat.rekisteri.platform.database.SetStatements.array;

/**
 * The erasure saga's ledger: a request goes out as {@code erasure.requested} to every holder, each required
 * holder's acknowledgement is collected per category, and the request completes when all have answered. A holder
 * that misses its acknowledgement deadline makes the request overdue and gets the request again.
 */
@ApplicationScoped
public class ErasureRequests {

    /** Finnish time decides what "today" is for a deadline. */
    private static final ZoneId HELSINKI = ZoneId.of("Europe/Helsinki");
    private static final List<DataCategory> EVERY_CATEGORY = Arrays.asList(DataCategory.values());

    public enum Status {
        OPEN,
        OVERDUE,
        COMPLETED
    }

    /** One holder's part: when it is due, how often the request went out to it, and its answer. */
    public record HolderPart(String holder, Instant dueAt, int publications, Instant acknowledgedAt,
            String outcomes) {
    }

    public record Request(UUID id, UUID customerId, ErasureReason reason, List<DataCategory> categories,
            String requestedBy, Instant requestedAt, LocalDate deadline, Status status, Instant completedAt,
            List<HolderPart> holders) {
    }

    /**
     * A request's status at a moment: {@code ?1} is that day in Helsinki, {@code ?2} the moment itself. A holder that
     * missed its due time keeps the request overdue after it is sent the request again (its new due time is in the
     * future, but it was late), until it answers.
     */
    private static final String STATUS_SQL = """
            CASE WHEN r.status = 'COMPLETED' THEN 'COMPLETED'
                 WHEN r.deadline < ?1
                      OR EXISTS (SELECT 1 FROM erasure_request_holder h WHERE h.request_id = r.id
                                 AND h.acknowledged_at IS NULL AND (h.due_at < ?2 OR h.publications > 1))
                      THEN 'OVERDUE'
                 ELSE 'OPEN' END""";

    private final EntityManager entityManager;
    private final TransactionLocks locks;
    private final Outbox outbox;
    private final AuditTrail audit;
    private final Clock clock;

    ErasureRequests(EntityManager entityManager, TransactionLocks locks, Outbox outbox, AuditTrail audit,
            Clock clock) {
        this.clock = clock;
        this.entityManager = entityManager;
        this.locks = locks;
        this.outbox = outbox;
        this.audit = audit;
    }

    /** Opens a request for every category; a customer with an open one gets a conflict that points at it. */
    @Transactional
    public UUID open(UUID customerId, ErasureReason reason, String requestedBy) {
        return open(customerId, reason, requestedBy, EVERY_CATEGORY);
    }

    /** Opens a request for some categories (e.g. what a holder retained until now). */
    @Transactional
    public UUID open(UUID customerId, ErasureReason reason, String requestedBy, List<DataCategory> categories) {
        locks.lock(lockKey(customerId));
        List<?> open = entityManager.createNativeQuery(
                        "SELECT id FROM erasure_request WHERE customer_id = ?1 AND status = 'OPEN'")
                .setParameter(1, customerId).getResultList();
        if (!open.isEmpty()) {
            UUID existing = (UUID) open.get(0);
            Problem conflict = Problem.of(409, "erasure-already-open", "Conflict",
                    "An erasure request for this customer is already open", List.of());
            throw new ProblemException(new Problem(conflict.type(), conflict.title(), 409, conflict.detail(),
                    "/erasure-requests/" + existing, List.of()));
        }
        return openAll(Map.of(customerId, categories), reason, requestedBy).get(customerId);
    }

    /** The lock under which a customer's erasure requests are opened: none can appear between check and open. */
    public static String lockKey(UUID customerId) {
        return "erasure/" + customerId;
    }

    /**
     * Opens a request for each customer, for its categories, in one statement per table, an outbox batch and one
     * audit statement per set of categories. The caller holds each customer's {@link #lockKey lock} and has found no
     * open request.
     *
     * @return each customer's new request id
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Map<UUID, UUID> openAll(Map<UUID, List<DataCategory>> categoriesByCustomer, ErasureReason reason,
            String requestedBy) {
        Map<UUID, UUID> requests = new LinkedHashMap<>();
        categoriesByCustomer.keySet().forEach(customerId -> requests.put(customerId, UUID.randomUUID()));
        if (requests.isEmpty()) {
            return requests;
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        // GDPR art. 12(3): without undue delay and at the latest within one month.
        LocalDate deadline = today().plusMonths(1);
        SetStatements.update(entityManager, """
                        INSERT INTO erasure_request (id, customer_id, reason, categories, requested_by, requested_at,
                            deadline, status)
                        SELECT r.id, r.customer_id, ?, CAST(r.categories AS text[]), ?, ?, ?, 'OPEN'
                        FROM unnest(?, ?, ?) AS r(id, customer_id, categories)""",
                reason.name(), requestedBy, now, deadline, array("uuid", requests.values()),
                array("uuid", requests.keySet()), array("text", categoriesByCustomer.values().stream()
                        .map(categories -> "{" + String.join(",", categories.stream().map(Enum::name).toList()) + "}")
                        .toList()));
        SetStatements.update(entityManager, """
                        INSERT INTO erasure_request_holder (request_id, holder_id, due_at, published_at)
                        SELECT r.id, h.id, CAST(? AS timestamptz) + h.acknowledgement_deadline, CAST(? AS timestamptz)
                        FROM unnest(?) AS r(id), holder h WHERE h.acknowledgement_required""",
                now, now, array("uuid", requests.values()));
        Map<List<DataCategory>, List<UUID>> customersByCategories = new LinkedHashMap<>();
        categoriesByCustomer.forEach((customerId, categories) -> {
            outbox.record(EventType.ERASURE_REQUESTED, customerId,
                    new ErasureRequested(requests.get(customerId), customerId, reason, deadline, categories));
            customersByCategories.computeIfAbsent(categories, c -> new ArrayList<>()).add(customerId);
        });
        customersByCategories.forEach((categories, customers) -> audit.recordEach("erasure.request", customers,
                categories, AuditAction.DELETE,
                reason == ErasureReason.ABUSE ? ProcessingPurpose.SUPERVISION : ProcessingPurpose.DATA_SUBJECT_RIGHTS));
        return requests;
    }

    /** Records a holder's answer; the request completes when every expected holder has answered. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void acknowledged(HolderAcknowledged ack) {
        String outcomes = HolderAnswers.outcomesJson(ack.outcomes());
        int known = entityManager.createNativeQuery("""
                        INSERT INTO erasure_request_holder (request_id, holder_id, due_at, published_at,
                            publications, acknowledged_at, outcomes)
                        SELECT id, ?2, ?3, ?3, 0, ?3, CAST(?4 AS jsonb) FROM erasure_request WHERE id = ?1
                        ON CONFLICT (request_id, holder_id) DO UPDATE
                            SET acknowledged_at = coalesce(erasure_request_holder.acknowledged_at, ?3),
                                outcomes = coalesce(erasure_request_holder.outcomes, CAST(?4 AS jsonb))""")
                .setParameter(1, ack.requestId()).setParameter(2, ack.holder())
                .setParameter(3, ack.acknowledgedAt()).setParameter(4, outcomes)
                .executeUpdate();
        if (known == 0) {
            return;
        }
        entityManager.createNativeQuery("""
                        UPDATE erasure_request SET status = 'COMPLETED', completed_at = ?2
                        WHERE id = ?1 AND status = 'OPEN' AND NOT EXISTS (
                            SELECT 1 FROM erasure_request_holder WHERE request_id = ?1 AND acknowledged_at IS NULL)""")
                .setParameter(1, ack.requestId()).setParameter(2, clock.instant()).executeUpdate();
    }

    /**
     * Sends the request again to holders that missed their acknowledgement deadline (the event is for all; those
     * that applied it already answer again without erasing twice), and gives them a new deadline.
     *
     * @return how many requests went out again
     */
    @Transactional
    public int republishOverdue() {
        Instant now = clock.instant();
        @SuppressWarnings("unchecked")
        List<Object[]> overdue = entityManager.createNativeQuery("""
                        SELECT r.id, r.customer_id, r.reason, r.deadline, CAST(r.categories AS text)
                        FROM erasure_request r
                        WHERE r.status = 'OPEN' AND EXISTS (SELECT 1 FROM erasure_request_holder h
                            WHERE h.request_id = r.id AND h.acknowledged_at IS NULL AND h.due_at < ?1)
                        FOR UPDATE SKIP LOCKED""")
                .setParameter(1, now).getResultList();
        for (Object[] row : overdue) {
            UUID id = (UUID) row[0];
            UUID customerId = (UUID) row[1];
            outbox.record(EventType.ERASURE_REQUESTED, customerId, new ErasureRequested(id, customerId,
                    ErasureReason.valueOf((String) row[2]), toDate(row[3]), categories((String) row[4])));
            entityManager.createNativeQuery("""
                            UPDATE erasure_request_holder h
                            SET due_at = CAST(?2 AS timestamptz) + coalesce((SELECT acknowledgement_deadline FROM holder
                                                                                WHERE holder.id = h.holder_id), interval '1 hour'),
                                published_at = ?2, publications = publications + 1
                            WHERE request_id = ?1 AND acknowledged_at IS NULL AND due_at < ?2""")
                    .setParameter(1, id).setParameter(2, now).executeUpdate();
        }
        return overdue.size();
    }

    /** Whether the customer has an open request: the sweep's check per customer, on the one-open index alone. */
    /** Of {@code customerIds}, those with an open request. */
    public Set<UUID> openAmong(Collection<UUID> customerIds) {
        return new HashSet<>(SetStatements.query(entityManager,
                "SELECT customer_id FROM erasure_request WHERE customer_id = ANY (?) AND status = 'OPEN'",
                row -> row.getObject(1, UUID.class), array("uuid", customerIds)));
    }

    public Optional<Request> find(UUID id) {
        List<Request> found = query("WHERE r.id = ?3", id, 1);
        return found.stream().findFirst();
    }

    /** Newest first; {@code status} null for all. */
    public List<Request> list(Status status, int limit) {
        return status == null ? query("", null, limit) : query("WHERE (" + STATUS_SQL + ") = ?3", status.name(), limit);
    }

    public long count(Status status) {
        return ((Number) entityManager.createNativeQuery(
                        "SELECT count(*) FROM erasure_request r WHERE (" + STATUS_SQL + ") = ?3")
                .setParameter(1, today()).setParameter(2, clock.instant()).setParameter(3, status.name())
                .getSingleResult()).longValue();
    }

    private List<Request> query(String where, Object parameter, int limit) {
        var query = entityManager.createNativeQuery("SELECT r.id, r.customer_id, r.reason, CAST(r.categories AS text), "
                + "r.requested_by, r.requested_at, r.deadline, " + STATUS_SQL + ", r.completed_at "
                + "FROM erasure_request r " + where + " ORDER BY r.requested_at DESC LIMIT " + limit);
        query.setParameter(1, today()).setParameter(2, clock.instant());
        if (parameter != null) {
            query.setParameter(3, parameter);
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = query.getResultList();
        return rows.stream().map(r -> new Request((UUID) r[0], (UUID) r[1], ErasureReason.valueOf((String) r[2]),
                categories((String) r[3]), (String) r[4], (Instant) r[5], toDate(r[6]), Status.valueOf((String) r[7]),
                (Instant) r[8], holders((UUID) r[0]))).toList();
    }

    /** The day in Helsinki, which decides whether a deadline has passed. */
    private LocalDate today() {
        return LocalDate.now(clock.withZone(HELSINKI));
    }

    private List<HolderPart> holders(UUID requestId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("""
                        SELECT holder_id, due_at, publications, acknowledged_at, CAST(outcomes AS text)
                        FROM erasure_request_holder WHERE request_id = ?1 ORDER BY holder_id""")
                .setParameter(1, requestId).getResultList();
        return rows.stream().map(r -> new HolderPart((String) r[0], (Instant) r[1], ((Number) r[2]).intValue(),
                (Instant) r[3], (String) r[4])).toList();
    }

    private static List<DataCategory> categories(String array) {
        return Arrays.stream(array.substring(1, array.length() - 1).split(","))
                .filter(s -> !s.isEmpty()).map(DataCategory::valueOf).toList();
    }

    private static LocalDate toDate(Object value) {
        return value instanceof java.sql.Date date ? date.toLocalDate() : (LocalDate) value;
    }
}
