package fi.imediat.rekisteri.platform.inbox;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import java.time.Instant;

/**
 * Deletes the inbox's rows once no redelivery of their events can come ({@link InboxConfig#keep()}); without it the
 * table grew by a row per event and consumer for ever. In slices, each its own transaction, so a backlog of
 * millions of rows neither holds one long transaction nor locks out the consumers.
 */
@ApplicationScoped
class InboxCleanup {

    private static final int SLICE = 10_000;

    private final EntityManager entityManager;
    private final InboxConfig config;

    InboxCleanup(EntityManager entityManager, InboxConfig config) {
        this.entityManager = entityManager;
        this.config = config;
    }

    @Scheduled(every = "${rekisteri.inbox.cleanup-interval}", delayed = "${rekisteri.inbox.cleanup-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void deleteExpired() {
        Instant before = Instant.now().minus(config.keep());
        int deleted;
        do {
            deleted = QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery("""
                            DELETE FROM inbox_event WHERE ctid = ANY (ARRAY(
                                SELECT ctid FROM inbox_event WHERE processed_at < ?1 LIMIT ?2))""")
                    .setParameter(1, before).setParameter(2, SLICE).executeUpdate());
        } while (deleted == SLICE);
    }
}
