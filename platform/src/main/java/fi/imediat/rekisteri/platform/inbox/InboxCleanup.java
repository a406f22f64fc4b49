package fi.imediat.rekisteri.platform.inbox;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import java.time.Clock;
import java.time.Instant;

/**
 * Deletes the inbox's rows once no redelivery of their events can come ({@link InboxConfig#keep()}); without it the
 * table grew by a row per event and consumer for ever. In slices, each its own transaction, so a backlog of
 * millions of rows neither holds one long transaction nor locks out the consumers. Rows are stamped and aged by the
 * platform clock ({@link Inbox}), so a simulation that moves it sees them go on their date.
 */
@ApplicationScoped
class InboxCleanup {

    private static final int SLICE = 10_000;

    private final EntityManager entityManager;
    private final InboxConfig config;
    private final Clock clock;

    InboxCleanup(EntityManager entityManager, InboxConfig config, Clock clock) {
        this.entityManager = entityManager;
        this.config = config;
        this.clock = clock;
    }

    @Scheduled(every = "${rekisteri.inbox.cleanup-interval}", delayed = "${rekisteri.inbox.cleanup-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void deleteExpired() {
        Instant before = Instant.now(clock).minus(config.keep());
        int deleted;
        do {
            deleted = QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery("""
                            DELETE FROM inbox_event WHERE ctid = ANY (ARRAY(
                                SELECT ctid FROM inbox_event WHERE processed_at < ?1 LIMIT ?2))""")
                    .setParameter(1, before).setParameter(2, SLICE).executeUpdate());
        } while (deleted == SLICE);
    }
}
