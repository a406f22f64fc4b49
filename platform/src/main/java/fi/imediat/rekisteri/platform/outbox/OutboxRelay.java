package fi.imediat.rekisteri.platform.outbox;

import fi.imediat.rekisteri.events.CloudEventHeaders;
import fi.imediat.rekisteri.platform.kafka.KafkaConnection;
import fi.imediat.rekisteri.platform.replica.Replica;
import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Publishes committed outbox rows to Kafka in commit order, with CloudEvents headers, and marks them published.
 * <p>
 * One relay publishes at a time across all replicas (a transaction-scoped advisory lock), which keeps every
 * customer's events in order and never lets two replicas send the same row. A failed send leaves the rows
 * unpublished for the next attempt (at-least-once; consumers are idempotent). The relay wakes on the
 * {@code outbox_event} notification sent at commit and polls only as a fallback.
 * <p>
 * Each batch is one Kafka transaction, and the services consume with {@code isolation.level=read_committed}: what a
 * failed attempt got onto the topic (for instance a later event whose earlier one's batch expired while Kafka was
 * down) is aborted and never read, so every customer's events are read in the order they were committed.
 * <p>
 * The transactional id is the replica's ({@link Replica}), the same when it starts again, and the relay opens its
 * producer as soon as it starts: a replica killed inside a transaction aborts that transaction at its restart instead
 * of leaving it open, which would hold back every {@code read_committed} reader of those partitions until the
 * transaction timed out. Each replica has its own id, so a standby replica's producer never fences the active one's;
 * only the advisory lock decides who publishes.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final long ADVISORY_LOCK_KEY = 0x52454b4953544552L; // "REKISTER"
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);
    /**
     * How long the broker keeps a transaction of a replica that died inside it and never comes back with its id (a
     * pod replaced by one of another name) before aborting it, holding back its partitions' readers meanwhile. A
     * batch commits in milliseconds; one that takes longer is aborted and sent again.
     */
    private static final int TRANSACTION_TIMEOUT_MS = 10_000;

    private final AgroalDataSource dataSource;
    private final OutboxNotifications notifications;
    private final KafkaConnection kafka;
    private final String source;
    private final int batchSize;
    private final Duration pollInterval;
    private final boolean enabled;

    private volatile boolean running;
    /** Ends a back-off at once when the service stops. */
    private final CountDownLatch stopped = new CountDownLatch(1);
    private Thread worker;
    /** The replica's: a producer with it aborts what an earlier one (this process's or a dead one's) left open. */
    private final String transactionalId;
    private KafkaProducer<String, String> producer;

    OutboxRelay(AgroalDataSource dataSource, OutboxNotifications notifications, KafkaConnection kafka, Replica replica,
            @ConfigProperty(name = "quarkus.application.name") String applicationName, OutboxConfig config) {
        this.dataSource = dataSource;
        this.notifications = notifications;
        this.kafka = kafka;
        this.source = "/rekisteri/" + applicationName;
        this.batchSize = config.batchSize();
        this.pollInterval = config.pollInterval();
        this.enabled = config.relayEnabled();
        this.transactionalId = "outbox-relay-" + applicationName + "-" + replica.id();
    }

    void start(@Observes StartupEvent startup) {
        if (!enabled) {
            LOG.warn("Outbox relay disabled by rekisteri.outbox.relay-enabled=false: events stay in the outbox");
            return;
        }
        running = true;
        worker = new Thread(this::run, "outbox-relay");
        worker.setDaemon(true);
        worker.start();
    }

    void stop(@Observes ShutdownEvent shutdown) {
        running = false;
        stopped.countDown();
        if (worker != null) {
            // A batch being published is let finish (or fail: its rows stay unpublished for the next start); the
            // wait for a notification ends within the poll interval.
            try {
                worker.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (producer != null) {
                producer.close(Duration.ofSeconds(2));
            }
            notifications.close();
        }
    }

    private void run() {
        Duration backoff = Duration.ofMillis(100);
        while (running) {
            try {
                // Opened before the first batch, so that a restart aborts what the dead process left open even
                // when there is nothing to publish.
                producer();
                int published = publishBatch();
                backoff = Duration.ofMillis(100);
                if (published < batchSize) {
                    notifications.await(pollInterval);
                }
            } catch (Exception e) {
                LOG.warnf("Outbox relay could not publish (%s); retrying in %s ms", e.getClass().getSimpleName(),
                        backoff.toMillis());
                discardPendingSends();
                awaitStop(backoff);
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
    }

    /**
     * Drops the failed attempt's producer with whatever it still buffers; the rows stay unpublished and the next
     * attempt sends them again in a new transaction (its producer aborts the old one's if it is still open).
     */
    private void discardPendingSends() {
        if (producer != null) {
            producer.close(Duration.ZERO);
            producer = null;
        }
    }

    private KafkaProducer<String, String> producer() {
        if (producer == null) {
            KafkaProducer<String, String> created = new KafkaProducer<>(producerProperties());
            try {
                created.initTransactions();
            } catch (RuntimeException e) {
                created.close(Duration.ZERO);
                throw e;
            }
            producer = created;
        }
        return producer;
    }

    /** @return how many events were published; 0 also when another replica holds the relay lock */
    int publishBatch() throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                if (!tryRelayLock(connection)) {
                    connection.rollback();
                    return 0;
                }
                List<UUID> sent = send(connection);
                markPublished(connection, sent);
                connection.commit();
                return sent.size();
            } catch (Exception e) {
                connection.rollback();
                throw e;
            }
        }
    }

    private boolean tryRelayLock(Connection connection) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_try_advisory_xact_lock(?)")) {
            lock.setLong(1, ADVISORY_LOCK_KEY);
            try (ResultSet result = lock.executeQuery()) {
                result.next();
                return result.getBoolean(1);
            }
        }
    }

    private List<UUID> send(Connection connection) throws Exception {
        List<UUID> ids = new ArrayList<>();
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT id, topic, message_key, ce_type, ce_subject, ce_time, payload, traceparent
                FROM outbox_event WHERE published_at IS NULL ORDER BY position LIMIT ?""")) {
            select.setInt(1, batchSize);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    UUID id = rows.getObject("id", UUID.class);
                    ProducerRecord<String, String> record = new ProducerRecord<>(rows.getString("topic"),
                            rows.getString("message_key"), rows.getString("payload"));
                    header(record, CloudEventHeaders.ID, id.toString());
                    header(record, CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_VALUE);
                    header(record, CloudEventHeaders.TYPE, rows.getString("ce_type"));
                    header(record, CloudEventHeaders.SOURCE, source);
                    header(record, CloudEventHeaders.SUBJECT, rows.getString("ce_subject"));
                    header(record, CloudEventHeaders.TIME,
                            rows.getTimestamp("ce_time").toInstant().toString());
                    header(record, CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.JSON);
                    String traceparent = rows.getString("traceparent");
                    if (traceparent != null) {
                        header(record, Outbox.TRACEPARENT, traceparent);
                    }
                    records.add(record);
                    ids.add(id);
                }
            }
        }
        if (records.isEmpty()) {
            return ids;
        }
        KafkaProducer<String, String> transaction = producer();
        transaction.beginTransaction();
        for (ProducerRecord<String, String> record : records) {
            transaction.send(record);
        }
        // Flushes, and fails if any send failed: then nothing of this batch becomes readable.
        transaction.commitTransaction();
        return ids;
    }

    private static void markPublished(Connection connection, List<UUID> ids) throws SQLException {
        if (ids.isEmpty()) {
            return;
        }
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE outbox_event SET published_at = now() WHERE id = ANY (?)")) {
            Array array = connection.createArrayOf("uuid", ids.toArray());
            update.setArray(1, array);
            update.executeUpdate();
        }
    }

    private static void header(ProducerRecord<String, String> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private Properties producerProperties() {
        Properties properties = kafka.clientProperties(
                "outbox-relay-" + source.substring(source.lastIndexOf('/') + 1));
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        // Idempotence keeps per-partition order across the producer's own retries.
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        properties.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        properties.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, TRANSACTION_TIMEOUT_MS);
        properties.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        properties.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        properties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return properties;
    }

    private void awaitStop(Duration duration) {
        try {
            stopped.await(duration.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
