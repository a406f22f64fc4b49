package fi.imediat.rekisteri.retention.sweep.service;

import fi.imediat.rekisteri.events.DataCategory;
import fi.imediat.rekisteri.events.ErasureReason;
import fi.imediat.rekisteri.platform.locking.TransactionLocks;
import fi.imediat.rekisteri.retention.clocks.service.RetentionClocks;
import fi.imediat.rekisteri.retention.erasure.service.ErasureRequests;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The retention sweep: every due clock becomes an erasure request ({@code RETENTION_EXPIRED}) for what it covers.
 * <ul>
 * <li>A job: {@link #start} records the sweep as {@code RUNNING} and answers at once; the sweep runs on this
 * replica's sweep thread and its record ({@code GET /sweeps/{id}}) shows its progress and outcome. The nightly run
 * ({@link #run}) is the same sweep on the scheduler's thread.</li>
 * <li>One sweep at a time across all replicas: a session-level PostgreSQL advisory lock, held on a connection of
 * its own for the whole run and released by PostgreSQL if the replica dies. A sweep that finds it taken is recorded
 * as {@code SKIPPED} at once (it does not wait).</li>
 * <li>Batches of {@code rekisteri.sweep.batch-size} customers, each in its own transaction, in customer id order,
 * each opened as a set: the batch's locks, due clocks, open requests, new requests with their holders, events and
 * audit rows, and ended clocks each take one statement (or one JDBC batch) for the whole batch.
 * Ending a clock and opening its request commit together, so a sweep that resumes after a crash finds only the
 * clocks still due (and the one-open-request-per-customer index guards as well).</li>
 * <li>A customer with an open erasure request keeps its clocks for a later sweep: that request erases the
 * relationship clock with the rest, and what a holder retains from it gets its own follow-up clock.</li>
 * </ul>
 */
@Startup // so that its metrics are there before the first sweep
@ApplicationScoped
public class Sweeps {

    private static final Logger LOG = Logger.getLogger(Sweeps.class);
    private static final ZoneId HELSINKI = ZoneId.of("Europe/Helsinki");
    private static final String LOCK_KEY = "retention-sweep";

    public enum Trigger {
        SCHEDULE,
        REQUEST
    }

    public enum Status {
        RUNNING,
        COMPLETED,
        SKIPPED,
        FAILED
    }

    public record Sweep(UUID id, Trigger trigger, String requestedBy, Instant startedAt, Instant finishedAt,
            Status status, int dueFound, int requestsCreated) {
    }

    private record Batch(int customers, UUID last, int dueFound, int requestsCreated) {
    }

    private final AgroalDataSource dataSource;
    private final EntityManager entityManager;
    private final TransactionLocks locks;
    private final RetentionClocks clocks;
    private final ErasureRequests erasures;
    private final int batchSize;
    private final Clock clock;
    private final Timer duration;
    private final Counter requestsCreated;
    /** Runs started sweeps one after the other (there is only ever one, the lock sees to that). */
    private final ExecutorService sweepThread = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "retention-sweep");
        thread.setDaemon(true);
        return thread;
    });

    Sweeps(AgroalDataSource dataSource, EntityManager entityManager, TransactionLocks locks, RetentionClocks clocks,
            ErasureRequests erasures, SweepConfig config, Clock clock,
            MeterRegistry registry) {
        this.dataSource = dataSource;
        this.entityManager = entityManager;
        this.locks = locks;
        this.clocks = clocks;
        this.erasures = erasures;
        this.batchSize = config.batchSize();
        this.clock = clock;
        this.duration = Timer.builder("rekisteri.sweep.duration")
                .description("How long retention sweeps that ran took").register(registry);
        this.requestsCreated = Counter.builder("rekisteri.sweep.requests.created")
                .description("Erasure requests the retention sweep opened").register(registry);
    }

    /**
     * Starts a sweep on this replica's sweep thread and answers at once: the sweep's record, {@code RUNNING}, or
     * {@code SKIPPED} when another one is running anywhere. Must not be called inside a transaction.
     */
    public Sweep start(Trigger trigger, String requestedBy) {
        Connection lockConnection = lockedConnection();
        if (lockConnection == null) {
            return skipped(trigger, requestedBy);
        }
        UUID id;
        try {
            id = begin(trigger, requestedBy);
            sweepThread.execute(() -> {
                try {
                    sweep(id);
                } catch (RuntimeException e) {
                    // Recorded as FAILED by sweep(); the class only, the message may quote data.
                    LOG.errorf("Retention sweep %s failed (%s)", id, e.getClass().getName());
                } finally {
                    release(lockConnection);
                }
            });
        } catch (RuntimeException e) {
            release(lockConnection);
            throw e;
        }
        return stored(id);
    }

    /** Runs a sweep now and answers when it is done, unless another one is running anywhere (the nightly run). */
    public Sweep run(Trigger trigger, String requestedBy) {
        Connection lockConnection = lockedConnection();
        if (lockConnection == null) {
            return skipped(trigger, requestedBy);
        }
        try {
            return sweep(begin(trigger, requestedBy));
        } finally {
            release(lockConnection);
        }
    }

    @PreDestroy
    void stop() {
        // A sweep cut off here stays RUNNING until the next one marks it FAILED and resumes where it stopped.
        sweepThread.shutdownNow();
    }

    /** A connection holding the sweep lock, or null when another sweep holds it. */
    private Connection lockedConnection() {
        try {
            Connection connection = dataSource.getConnection();
            if (advisoryLock(connection, "pg_try_advisory_lock")) {
                return connection;
            }
            connection.close();
            return null;
        } catch (SQLException e) {
            throw new IllegalStateException("Retention sweep lock unavailable", e);
        }
    }

    private static void release(Connection lockConnection) {
        try (lockConnection) {
            advisoryLock(lockConnection, "pg_advisory_unlock");
        } catch (SQLException e) {
            // Closing the session releases the lock as well.
            LOG.warnf("Releasing the retention sweep lock failed (%s)", e.getClass().getName());
        }
    }

    private Sweep skipped(Trigger trigger, String requestedBy) {
        UUID skipped = QuarkusTransaction.requiringNew().call(() -> insert(trigger, requestedBy, Status.SKIPPED));
        LOG.info("Retention sweep skipped: another sweep is running");
        return stored(skipped);
    }

    private UUID begin(Trigger trigger, String requestedBy) {
        return QuarkusTransaction.requiringNew().call(() -> {
            // Holding the lock, any other RUNNING sweep is one whose replica died.
            entityManager.createNativeQuery("""
                    UPDATE sweep SET status = 'FAILED', finished_at = now() WHERE status = 'RUNNING'""")
                    .executeUpdate();
            return insert(trigger, requestedBy, Status.RUNNING);
        });
    }

    private Sweep sweep(UUID id) {
        LocalDate today = LocalDate.now(clock.withZone(HELSINKI));
        Timer.Sample sample = Timer.start();
        try {
            UUID after = null;
            Batch batch;
            do {
                UUID from = after;
                batch = QuarkusTransaction.requiringNew().call(() -> batch(id, today, from));
                requestsCreated.increment(batch.requestsCreated());
                after = batch.last();
            } while (batch.customers() == batchSize);
            QuarkusTransaction.requiringNew().run(() -> finish(id, Status.COMPLETED));
        } catch (RuntimeException e) {
            QuarkusTransaction.requiringNew().run(() -> finish(id, Status.FAILED));
            throw e;
        } finally {
            sample.stop(duration);
        }
        Sweep done = stored(id);
        LOG.infof("Retention sweep %s: %d due, %d erasure request(s) opened", id, done.dueFound(),
                done.requestsCreated());
        return done;
    }

    /** One batch of due customers, set by set: a few statements for the whole batch, not a dozen per customer. */
    private Batch batch(UUID sweepId, LocalDate today, UUID after) {
        List<UUID> customers = clocks.dueCustomers(today, after, batchSize);
        locks.lockAll(customers.stream().map(ErasureRequests::lockKey).toList());
        Map<UUID, RetentionClocks.Due> due = clocks.lockDue(customers, today);
        Set<UUID> alreadyOpen = erasures.openAmong(due.keySet());
        Map<UUID, List<DataCategory>> toOpen = new LinkedHashMap<>();
        due.forEach((customerId, clock) -> {
            if (!alreadyOpen.contains(customerId)) {
                toOpen.put(customerId, clock.categories());
            }
        });
        Map<UUID, UUID> opened = erasures.openAll(toOpen, ErasureReason.RETENTION_EXPIRED, "sweep:" + sweepId);
        clocks.swept(opened, today);
        entityManager.createNativeQuery("""
                        UPDATE sweep SET due_found = due_found + ?2, requests_created = requests_created + ?3
                        WHERE id = ?1""")
                .setParameter(1, sweepId).setParameter(2, due.size()).setParameter(3, opened.size()).executeUpdate();
        return new Batch(customers.size(), customers.isEmpty() ? after : customers.get(customers.size() - 1),
                due.size(), opened.size());
    }

    private Sweep stored(UUID id) {
        return QuarkusTransaction.requiringNew().call(() -> find(id).orElseThrow());
    }

    public Optional<Sweep> find(UUID id) {
        return query("WHERE id = ?1", id, 1).stream().findFirst();
    }

    /** Newest first. */
    public List<Sweep> list(int limit) {
        return query("", null, limit);
    }

    private UUID insert(Trigger trigger, String requestedBy, Status status) {
        UUID id = UUID.randomUUID();
        entityManager.createNativeQuery("""
                        INSERT INTO sweep (id, trigger, requested_by, status, finished_at)
                        VALUES (?1, ?2, ?3, ?4, CASE WHEN ?4 = 'RUNNING' THEN NULL ELSE now() END)""")
                .setParameter(1, id).setParameter(2, trigger.name()).setParameter(3, requestedBy)
                .setParameter(4, status.name()).executeUpdate();
        return id;
    }

    private void finish(UUID id, Status status) {
        entityManager.createNativeQuery("UPDATE sweep SET status = ?2, finished_at = now() WHERE id = ?1")
                .setParameter(1, id).setParameter(2, status.name()).executeUpdate();
    }

    private List<Sweep> query(String where, UUID id, int limit) {
        var query = entityManager.createNativeQuery("""
                SELECT id, trigger, requested_by, started_at, finished_at, status, due_found, requests_created
                FROM sweep %s ORDER BY started_at DESC LIMIT %d""".formatted(where, limit));
        if (id != null) {
            query.setParameter(1, id);
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = query.getResultList();
        return rows.stream().map(r -> new Sweep((UUID) r[0], Trigger.valueOf((String) r[1]), (String) r[2],
                (Instant) r[3], (Instant) r[4], Status.valueOf((String) r[5]), ((Number) r[6]).intValue(),
                ((Number) r[7]).intValue())).toList();
    }

    private static boolean advisoryLock(Connection connection, String function) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT " + function + "(hashtextextended(?, 0))")) {
            statement.setString(1, LOCK_KEY);
            try (ResultSet result = statement.executeQuery()) {
                return result.next() && result.getBoolean(1);
            }
        }
    }
}
