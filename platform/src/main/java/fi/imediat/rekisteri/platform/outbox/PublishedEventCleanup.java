package fi.imediat.rekisteri.platform.outbox;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Duration;
import java.time.Instant;

/**
 * Published outbox rows are kept for a while (to see what went out, and to republish by hand if a topic is lost)
 * and then deleted; unpublished rows are never touched.
 */
@ApplicationScoped
class PublishedEventCleanup {

    private final EntityManager entityManager;
    private final Duration keep;

    PublishedEventCleanup(EntityManager entityManager, OutboxConfig config) {
        this.entityManager = entityManager;
        this.keep = config.keepPublished();
    }

    @Scheduled(every = "1h", delayed = "5m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional
    void deleteOldPublished() {
        entityManager.createNativeQuery("DELETE FROM outbox_event WHERE published_at < ?1")
                .setParameter(1, Instant.now().minus(keep)).executeUpdate();
    }
}
