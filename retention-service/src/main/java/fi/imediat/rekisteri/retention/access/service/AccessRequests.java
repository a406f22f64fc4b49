package fi.imediat.rekisteri.retention.access.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fi.imediat.rekisteri.events.AccessRequested;
import fi.imediat.rekisteri.events.AckOutcome;
import fi.imediat.rekisteri.events.DataCategory;
import fi.imediat.rekisteri.events.EventJson;
import fi.imediat.rekisteri.events.EventType;
import fi.imediat.rekisteri.events.HolderAcknowledged;
import fi.imediat.rekisteri.events.HolderAcknowledged.CategoryOutcome;
import fi.imediat.rekisteri.platform.audit.AuditAction;
import fi.imediat.rekisteri.platform.audit.AuditTrail;
import fi.imediat.rekisteri.platform.audit.ProcessingPurpose;
import fi.imediat.rekisteri.platform.outbox.Outbox;
import fi.imediat.rekisteri.retention.holders.service.HolderAnswers;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Access requests (GDPR art. 15): {@code access.requested} goes out to every holder; retention-service fetches the
 * part of every holder that has an export URL, the others answer with {@code holder.acknowledged}. When every
 * holder is done the parts are assembled into one report, which is kept for {@code rekisteri.access.report-retention}.
 * Personal data stays in this database (and the holders' REST answers), never in Kafka.
 */
@ApplicationScoped
public class AccessRequests {

    private static final Logger LOG = Logger.getLogger(AccessRequests.class);
    private static final ZoneId HELSINKI = ZoneId.of("Europe/Helsinki");
    private static final List<DataCategory> EVERY_CATEGORY = Arrays.asList(DataCategory.values());
    /** What a holder's 404 means: it holds nothing about the customer. */
    private static final String NOT_HELD = HolderAnswers.outcomesJson(List.of(CategoryOutcome.of(AckOutcome.NOT_HELD)));

    public enum Status {
        OPEN,
        COMPLETED,
        /** The customer's erasure came first: no report is assembled from copies of data the erasure removed. */
        CLOSED_BY_ERASURE
    }

    /** How a holder delivers its part: fetched from its export URL, or answered by event. */
    public enum Delivery {
        EXPORT,
        ANSWER
    }

    public record HolderPart(String holder, Delivery delivery, Instant dueAt, int attempts, Instant nextAttemptAt,
            String lastError, Instant receivedAt, String outcomes) {
    }

    public record Request(UUID id, UUID customerId, String requestedBy, Instant requestedAt, LocalDate deadline,
            Status status, Instant completedAt, UUID closedByErasure, boolean reportAvailable,
            Instant reportExpiresAt, Instant reportDeletedAt, List<HolderPart> holders) {
    }

    /** A part to fetch now: the holder's current export URL, else the one it had when the request was made. */
    public record DueFetch(UUID requestId, UUID customerId, String holder, String exportUrl) {
    }

    private final EntityManager entityManager;
    private final Outbox outbox;
    private final AuditTrail audit;
    private final Duration reportRetention;
    private final Duration retry;
    private final Clock clock;

    AccessRequests(EntityManager entityManager, Outbox outbox, AuditTrail audit, AccessConfig config, Clock clock) {
        this.clock = clock;
        this.entityManager = entityManager;
        this.outbox = outbox;
        this.audit = audit;
        this.reportRetention = config.reportRetention();
        this.retry = config.fetchRetry();
    }

    @Transactional
    public UUID open(UUID customerId, String requestedBy) {
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        // GDPR art. 12(3): without undue delay and at the latest within one month.
        LocalDate deadline = LocalDate.now(clock.withZone(HELSINKI)).plusMonths(1);
        entityManager.createNativeQuery("""
                        INSERT INTO access_request (id, customer_id, requested_by, requested_at, deadline, status)
                        VALUES (?1, ?2, ?3, ?5, ?4, 'OPEN')""")
                .setParameter(1, id).setParameter(2, customerId).setParameter(3, requestedBy)
                .setParameter(4, deadline).setParameter(5, now).executeUpdate();
        // Holders with an export URL are fetched (from now on); required holders without one must answer.
        entityManager.createNativeQuery("""
                        INSERT INTO access_request_holder (request_id, holder_id, export_url, due_at, next_attempt_at)
                        SELECT ?1, id, export_url, CAST(?2 AS timestamptz) + acknowledgement_deadline,
                               CASE WHEN export_url IS NOT NULL THEN CAST(?2 AS timestamptz) END
                        FROM holder WHERE export_url IS NOT NULL OR acknowledgement_required""")
                .setParameter(1, id).setParameter(2, now).executeUpdate();
        outbox.record(EventType.ACCESS_REQUESTED, customerId, new AccessRequested(id, customerId, deadline));
        audit.record("access.request", customerId, EVERY_CATEGORY, AuditAction.EXPORT,
                ProcessingPurpose.DATA_SUBJECT_RIGHTS);
        return id;
    }

    /**
     * Claims parts due for fetching; each gets its next attempt time at once (backing off), so a crash or a failed
     * fetch is retried later and two replicas do not fetch the same part at the same time.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public List<DueFetch> claimDueFetches(int limit) {
        Instant now = clock.instant();
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("""
                        SELECT h.request_id, r.customer_id, h.holder_id,
                               coalesce((SELECT export_url FROM holder WHERE holder.id = h.holder_id), h.export_url)
                        FROM access_request_holder h JOIN access_request r ON r.id = h.request_id
                        WHERE h.received_at IS NULL AND h.export_url IS NOT NULL AND h.next_attempt_at <= ?2
                          AND r.status = 'OPEN'
                        ORDER BY h.next_attempt_at LIMIT ?1
                        FOR UPDATE OF h SKIP LOCKED""")
                .setParameter(1, limit).setParameter(2, now).getResultList();
        List<DueFetch> due = rows.stream()
                .map(r -> new DueFetch((UUID) r[0], (UUID) r[1], (String) r[2], (String) r[3])).toList();
        for (DueFetch fetch : due) {
            // 1, 2, 4 ... times the retry interval, at most 64 times.
            entityManager.createNativeQuery("""
                            UPDATE access_request_holder
                            SET attempts = attempts + 1,
                                next_attempt_at = CAST(?4 AS timestamptz)
                                    + make_interval(secs => ?3 * power(2, least(attempts, 6)))
                            WHERE request_id = ?1 AND holder_id = ?2""")
                    .setParameter(1, fetch.requestId()).setParameter(2, fetch.holder())
                    .setParameter(3, seconds(retry)).setParameter(4, now).executeUpdate();
        }
        return due;
    }

    /**
     * A holder's part arrived ({@code part} null: the holder holds nothing about the customer). One that arrives after
     * the customer's erasure closed the request was fetched before the holder erased: it is recorded as received and
     * not stored.
     */
    @Transactional
    public void delivered(DueFetch fetch, JsonNode part) {
        if (lock(fetch.requestId()).filter(Status.OPEN::equals).isEmpty()) {
            entityManager.createNativeQuery("""
                            UPDATE access_request_holder SET received_at = ?3, last_error = NULL,
                                                             next_attempt_at = NULL
                            WHERE request_id = ?1 AND holder_id = ?2 AND received_at IS NULL""")
                    .setParameter(1, fetch.requestId()).setParameter(2, fetch.holder())
                    .setParameter(3, clock.instant()).executeUpdate();
            LOG.infof("Access request %s: the part of %s arrived after the customer's erasure closed the request; "
                    + "discarded", fetch.requestId(), fetch.holder());
            return;
        }
        String set = part == null ? "outcomes = coalesce(outcomes, CAST(?3 AS jsonb))" : "part = CAST(?3 AS jsonb)";
        entityManager.createNativeQuery("UPDATE access_request_holder SET " + set
                        + ", received_at = ?4, last_error = NULL, next_attempt_at = NULL"
                        + " WHERE request_id = ?1 AND holder_id = ?2 AND received_at IS NULL")
                .setParameter(1, fetch.requestId()).setParameter(2, fetch.holder())
                .setParameter(3, part == null ? NOT_HELD : json(part)).setParameter(4, clock.instant())
                .executeUpdate();
        completeIfDone(fetch.requestId());
    }

    /** A fetch failed; the part is tried again at its next attempt time. {@code error} names no personal data. */
    @Transactional
    public void fetchFailed(DueFetch fetch, String error) {
        entityManager.createNativeQuery("""
                        UPDATE access_request_holder SET last_error = ?3
                        WHERE request_id = ?1 AND holder_id = ?2 AND received_at IS NULL""")
                .setParameter(1, fetch.requestId()).setParameter(2, fetch.holder()).setParameter(3, error)
                .executeUpdate();
    }

    /**
     * A holder's answer to an access request. For a holder fetched by export URL the answer is recorded beside the
     * part it still has to deliver.
     *
     * @return false when {@code ack.requestId()} is not an access request
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean acknowledged(HolderAcknowledged ack) {
        if (lock(ack.requestId()).isEmpty()) {
            return false;
        }
        entityManager.createNativeQuery("""
                        INSERT INTO access_request_holder (request_id, holder_id, due_at, outcomes, received_at)
                        VALUES (?1, ?2, ?3, CAST(?4 AS jsonb), ?3)
                        ON CONFLICT (request_id, holder_id) DO UPDATE
                            SET outcomes = coalesce(access_request_holder.outcomes, CAST(?4 AS jsonb)),
                                received_at = CASE WHEN access_request_holder.export_url IS NULL
                                    THEN coalesce(access_request_holder.received_at, ?3)
                                    ELSE access_request_holder.received_at END""")
                .setParameter(1, ack.requestId()).setParameter(2, ack.holder())
                .setParameter(3, ack.acknowledgedAt()).setParameter(4, HolderAnswers.outcomesJson(ack.outcomes()))
                .executeUpdate();
        completeIfDone(ack.requestId());
        return true;
    }

    /**
     * Deletes the reports past their retention, and the fetched parts of requests that never completed once their
     * legal deadline is as long past; the request and who answered it stay, without personal data.
     */
    @Transactional
    public int deleteExpiredReports() {
        Instant now = clock.instant();
        entityManager.createNativeQuery("""
                        UPDATE access_request_holder SET part = NULL
                        WHERE part IS NOT NULL AND request_id IN (
                            SELECT id FROM access_request
                            WHERE status = 'OPEN' AND deadline + make_interval(secs => ?1) < ?2)""")
                .setParameter(1, seconds(reportRetention)).setParameter(2, now).executeUpdate();
        return entityManager.createNativeQuery("""
                        UPDATE access_request SET report = NULL, report_deleted_at = ?1
                        WHERE report IS NOT NULL AND report_expires_at < ?1""")
                .setParameter(1, now).executeUpdate();
    }

    /**
     * The customer's erasure reaches the copies of their data made for their access requests: every assembled
     * report and every fetched part (each may hold any category of any holder). Their open requests are closed, so
     * no part fetched before a holder erased is stored afterwards. The requests stay, without personal data, as the
     * record that they were answered or closed.
     *
     * @return whether there was a copy to erase
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean eraseCopies(UUID customerId, UUID erasureRequestId) {
        // The requests' locks first, as delivered() takes them: a part being stored now is committed before the
        // statements below look, and one delivered after them finds its request closed.
        entityManager.createNativeQuery("SELECT id FROM access_request WHERE customer_id = ?1 ORDER BY id FOR UPDATE")
                .setParameter(1, customerId).getResultList();
        int parts = entityManager.createNativeQuery("""
                        UPDATE access_request_holder SET part = NULL
                        WHERE part IS NOT NULL
                          AND request_id IN (SELECT id FROM access_request WHERE customer_id = ?1)""")
                .setParameter(1, customerId).executeUpdate();
        int reports = entityManager.createNativeQuery("""
                        UPDATE access_request SET report = NULL, report_deleted_at = ?2
                        WHERE customer_id = ?1 AND report IS NOT NULL""")
                .setParameter(1, customerId).setParameter(2, clock.instant()).executeUpdate();
        entityManager.createNativeQuery("""
                        UPDATE access_request_holder SET next_attempt_at = NULL
                        WHERE received_at IS NULL
                          AND request_id IN (SELECT id FROM access_request WHERE customer_id = ?1 AND status = 'OPEN')""")
                .setParameter(1, customerId).executeUpdate();
        entityManager.createNativeQuery("""
                        UPDATE access_request SET status = 'CLOSED_BY_ERASURE', completed_at = ?3,
                                                  closed_by_erasure = ?2
                        WHERE customer_id = ?1 AND status = 'OPEN'""")
                .setParameter(1, customerId).setParameter(2, erasureRequestId).setParameter(3, clock.instant())
                .executeUpdate();
        return parts + reports > 0;
    }

    public Optional<Request> find(UUID id) {
        return query("WHERE r.id = ?1", id).stream().findFirst();
    }

    /** The assembled report as stored; empty while open or once deleted. */
    public Optional<String> report(UUID id) {
        List<?> found = entityManager.createNativeQuery(
                        "SELECT CAST(report AS text) FROM access_request WHERE id = ?1 AND report IS NOT NULL")
                .setParameter(1, id).getResultList();
        return found.stream().map(String.class::cast).findFirst();
    }

    /**
     * Serialises changes to one request, so the last part to arrive always sees the others.
     *
     * @return the request's status; empty when there is no such request
     */
    private Optional<Status> lock(UUID requestId) {
        return entityManager.createNativeQuery("SELECT status FROM access_request WHERE id = ?1 FOR UPDATE")
                .setParameter(1, requestId).getResultList().stream().map(s -> Status.valueOf((String) s)).findFirst();
    }

    private void completeIfDone(UUID requestId) {
        @SuppressWarnings("unchecked")
        List<Object[]> holders = entityManager.createNativeQuery("""
                        SELECT h.holder_id, h.export_url IS NOT NULL, h.received_at, CAST(h.part AS text),
                               CAST(h.outcomes AS text), g.description, CAST(g.categories AS text)
                        FROM access_request_holder h LEFT JOIN holder g ON g.id = h.holder_id
                        WHERE h.request_id = ?1 ORDER BY h.holder_id""")
                .setParameter(1, requestId).getResultList();
        if (holders.stream().anyMatch(h -> h[2] == null)) {
            return;
        }
        Object[] request = (Object[]) entityManager.createNativeQuery(
                        "SELECT customer_id, requested_at, deadline FROM access_request WHERE id = ?1 AND status = 'OPEN'")
                .setParameter(1, requestId).getResultList().stream().findFirst().orElse(null);
        if (request == null) {
            return;
        }
        ObjectNode report = EventJson.mapper().createObjectNode();
        report.put("requestId", requestId.toString());
        report.put("customerId", request[0].toString());
        report.put("requestedAt", ((Instant) request[1]).toString());
        report.put("deadline", request[2].toString());
        Instant now = clock.instant();
        report.put("generatedAt", now.toString());
        ArrayNode parts = report.putArray("holders");
        for (Object[] h : holders) {
            ObjectNode part = parts.addObject();
            part.put("holder", (String) h[0]);
            part.put("description", (String) h[5]);
            if (h[6] != null) {
                ArrayNode categories = part.putArray("categories");
                arrayItems((String) h[6]).forEach(categories::add);
            }
            part.put("delivery", ((Boolean) h[1] ? Delivery.EXPORT : Delivery.ANSWER).name());
            part.put("receivedAt", ((Instant) h[2]).toString());
            if (h[3] != null) {
                part.set("data", JsonText.parse((String) h[3]));
            }
            if (h[4] != null) {
                part.set("outcomes", HolderAnswers.outcomes((String) h[4]));
            }
        }
        entityManager.createNativeQuery("""
                        UPDATE access_request SET status = 'COMPLETED', completed_at = ?4, report = CAST(?2 AS jsonb),
                            report_expires_at = CAST(?4 AS timestamptz) + make_interval(secs => ?3)
                        WHERE id = ?1""")
                .setParameter(1, requestId).setParameter(2, json(report)).setParameter(3, seconds(reportRetention))
                .setParameter(4, now).executeUpdate();
        // The parts live on only in the report, which expires.
        entityManager.createNativeQuery("UPDATE access_request_holder SET part = NULL WHERE request_id = ?1")
                .setParameter(1, requestId).executeUpdate();
        audit.record("access.report.assemble", (UUID) request[0], EVERY_CATEGORY, AuditAction.CREATE,
                ProcessingPurpose.DATA_SUBJECT_RIGHTS);
    }

    private List<Request> query(String where, UUID parameter) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("""
                        SELECT r.id, r.customer_id, r.requested_by, r.requested_at, r.deadline, r.status,
                               r.completed_at, r.closed_by_erasure, r.report IS NOT NULL, r.report_expires_at,
                               r.report_deleted_at
                        FROM access_request r
                        """ + where + " ORDER BY r.requested_at DESC")
                .setParameter(1, parameter).getResultList();
        return rows.stream().map(r -> new Request((UUID) r[0], (UUID) r[1], (String) r[2], (Instant) r[3],
                toDate(r[4]), Status.valueOf((String) r[5]), (Instant) r[6], (UUID) r[7], (Boolean) r[8],
                (Instant) r[9], (Instant) r[10], holders((UUID) r[0]))).toList();
    }

    private List<HolderPart> holders(UUID requestId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("""
                        SELECT holder_id, export_url IS NOT NULL, due_at, attempts, next_attempt_at, last_error,
                               received_at, CAST(outcomes AS text)
                        FROM access_request_holder WHERE request_id = ?1 ORDER BY holder_id""")
                .setParameter(1, requestId).getResultList();
        return rows.stream().map(r -> new HolderPart((String) r[0], (Boolean) r[1] ? Delivery.EXPORT : Delivery.ANSWER,
                (Instant) r[2], ((Number) r[3]).intValue(), (Instant) r[4], (String) r[5], (Instant) r[6],
                (String) r[7])).toList();
    }

    private static List<String> arrayItems(String array) {
        return Arrays.stream(array.substring(1, array.length() - 1).split(",")).filter(s -> !s.isEmpty()).toList();
    }

    private static LocalDate toDate(Object value) {
        return value instanceof java.sql.Date date ? date.toLocalDate() : (LocalDate) value;
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }

    private static String json(JsonNode node) {
        return JsonText.write(node);
    }
}
