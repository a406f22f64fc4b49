package fi.imediat.rekisteri.customer.analytics.service;

import fi.imediat.rekisteri.customer.customers.access.VisibleCustomers;
import fi.imediat.rekisteri.events.DataCategory;
import fi.imediat.rekisteri.platform.audit.AuditAction;
import fi.imediat.rekisteri.platform.audit.AuditTrail;
import fi.imediat.rekisteri.platform.audit.ProcessingPurpose;
import io.agroal.api.AgroalDataSource;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.Period;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.UUID;

/**
 * Event and usage analytics: bulk ingest in one JDBC batch, paged reads, and a purge of events older than
 * {@code rekisteri.analytics.retention} (default P26M).
 */
@ApplicationScoped
public class Analytics {

    private static final Logger LOG = Logger.getLogger(Analytics.class);
    private static final List<DataCategory> ANALYTICS = List.of(DataCategory.ANALYTICS);

    /** One usage event. */
    public record UsageEvent(long seq, String type, Instant occurredAt, String service) {
    }

    private final VisibleCustomers customers;
    private final AuditTrail audit;
    private final AgroalDataSource dataSource;
    private final EntityManager entityManager;
    private final Period retention;
    private final Clock clock;

    Analytics(VisibleCustomers customers, AuditTrail audit, AgroalDataSource dataSource, EntityManager entityManager,
            AnalyticsConfig config, Clock clock) {
        this.clock = clock;
        this.customers = customers;
        this.audit = audit;
        this.dataSource = dataSource;
        this.entityManager = entityManager;
        this.retention = config.retention();
    }

    /** @return how many events were stored */
    @Transactional
    public int ingest(UUID customerId, List<UsageEvent> events) {
        customers.visible(customerId, "analytics.ingest", AuditAction.CREATE, ANALYTICS);
        // The transaction's own connection: the batch commits or rolls back with the audit row.
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement(
                     "INSERT INTO analytics_event (customer_id, type, occurred_at, service) VALUES (?, ?, ?, ?)")) {
            for (UsageEvent event : events) {
                insert.setObject(1, customerId);
                insert.setString(2, event.type());
                insert.setTimestamp(3, Timestamp.from(event.occurredAt()));
                insert.setString(4, event.service());
                insert.addBatch();
            }
            insert.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException("Analytics batch insert failed", e);
        }
        audit.record("analytics.ingest", customerId, ANALYTICS, AuditAction.CREATE, ProcessingPurpose.RESEARCH);
        return events.size();
    }

    @Transactional
    public List<UsageEvent> page(UUID customerId, long after, int rows) {
        customers.visible(customerId, "analytics.list", AuditAction.READ, ANALYTICS);
        audit.record("analytics.list", customerId, ANALYTICS, AuditAction.READ, ProcessingPurpose.RESEARCH);
        return query(customerId, after, rows);
    }

    /** Every event of the customer, for an export. */
    public List<UsageEvent> all(UUID customerId) {
        return query(customerId, 0, Integer.MAX_VALUE);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void eraseAll(UUID customerId) {
        entityManager.createNativeQuery("DELETE FROM analytics_event WHERE customer_id = ?1")
                .setParameter(1, customerId).executeUpdate();
    }

    @Scheduled(every = "${rekisteri.analytics.purge-interval}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void onSchedule() {
        purgeExpired();
    }

    /** @return how many events older than the retention period were deleted */
    @Transactional
    public int purgeExpired() {
        Instant cutoff = ZonedDateTime.now(clock).minus(retention).toInstant();
        int deleted = entityManager.createNativeQuery("DELETE FROM analytics_event WHERE occurred_at < ?1")
                .setParameter(1, cutoff).executeUpdate();
        if (deleted > 0) {
            LOG.infof("Purged %d analytics events older than %s", deleted, retention);
        }
        return deleted;
    }

    @SuppressWarnings("unchecked")
    private List<UsageEvent> query(UUID customerId, long after, int rows) {
        List<Object[]> found = entityManager.createNativeQuery("""
                        SELECT seq, type, occurred_at, service FROM analytics_event
                        WHERE customer_id = ?1 AND seq > ?2 ORDER BY seq""")
                .setParameter(1, customerId).setParameter(2, after).setMaxResults(rows).getResultList();
        return found.stream().map(r -> new UsageEvent(((Number) r[0]).longValue(), (String) r[1], (Instant) r[2],
                (String) r[3])).toList();
    }
}
