package fi.imediat.rekisteri.platform.audit;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * The audit trail's own retention: rows older than {@code rekisteri.audit.retention} are deleted daily. Safe on
 * any number of replicas (the delete is idempotent).
 */
@ApplicationScoped
public class AuditRetention {

    private static final Logger LOG = Logger.getLogger(AuditRetention.class);

    private final EntityManager entityManager;
    private final Period retention;

    AuditRetention(EntityManager entityManager,
            @ConfigProperty(name = "rekisteri.audit.retention", defaultValue = "P3Y") Period retention) {
        this.entityManager = entityManager;
        this.retention = retention;
    }

    @Scheduled(every = "${rekisteri.audit.cleanup-interval:24h}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional
    void onSchedule() {
        deleteExpired();
    }

    /** @return how many rows were deleted */
    @Transactional
    public int deleteExpired() {
        Instant cutoff = ZonedDateTime.now(ZoneOffset.UTC).minus(retention).toInstant();
        int deleted = entityManager.createNativeQuery("DELETE FROM audit_event WHERE occurred_at < ?1")
                .setParameter(1, cutoff).executeUpdate();
        if (deleted > 0) {
            LOG.infof("Deleted %d audit rows older than %s", deleted, retention);
        }
        return deleted;
    }
}
