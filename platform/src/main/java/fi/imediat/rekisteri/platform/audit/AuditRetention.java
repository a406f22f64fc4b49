package fi.imediat.rekisteri.platform.audit;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.time.Period;

/**
 * The audit trail's own retention: rows older than {@code rekisteri.audit.retention} (at least three years) are deleted
 * daily. Safe on any number of replicas (the delete is idempotent).
 */
@ApplicationScoped
public class AuditRetention {

    private static final Logger LOG = Logger.getLogger(AuditRetention.class);

    private final EntityManager entityManager;
    private final Period retention;

    AuditRetention(EntityManager entityManager, AuditConfig config) {
        this.entityManager = entityManager;
        this.retention = config.retention();
    }

    @Scheduled(every = "${rekisteri.audit.cleanup-interval}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional
    void onSchedule() {
        deleteExpired();
    }

    /**
     * Deletes through the database's own function: the service's role may not delete audit rows, and the function
     * keeps at least three years whatever it is asked (V0_4__application_role.sql).
     *
     * @return how many rows were deleted
     */
    @Transactional
    public int deleteExpired() {
        int deleted = ((Number) entityManager.createNativeQuery(
                        "SELECT delete_expired_audit_events(CAST(?1 AS interval))")
                .setParameter(1, retention.toString()).getSingleResult()).intValue();
        if (deleted > 0) {
            LOG.infof("Deleted %d audit rows older than %s", deleted, retention);
        }
        return deleted;
    }
}
