package fi.imediat.rekisteri.benchmark.sweep;

import fi.imediat.rekisteri.benchmark.Benchmark;
import fi.imediat.rekisteri.benchmark.BenchmarkContext;
import fi.imediat.rekisteri.benchmark.BenchmarkReport;
import fi.imediat.rekisteri.benchmark.Figure;
import fi.imediat.rekisteri.benchmark.load.KafkaClients;
import fi.imediat.rekisteri.benchmark.load.Rest;
import fi.imediat.rekisteri.infra.EmbeddedPostgresServer;
import fi.imediat.rekisteri.infra.LocalStack;
import fi.imediat.rekisteri.testsupport.Tokens;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.Properties;

/**
 * Item 3 of issue 8: customers whose retention clocks are due, one {@code POST /sweeps}, and the time until
 * retention-service records every erasure request it opened as completed with every holder's acknowledgement
 * (customer-service, consent-service and retention-service itself) — each holder really erasing its rows.
 * <p>
 * There is no single raw equivalent of a saga across three databases and a broker, so two baselines are measured in
 * the same run: Kafka carrying the saga's events raw (one erasure.requested, one customer.erased and three
 * holder.acknowledged per customer, produced with acks=all and read back), and PostgreSQL erasing the same customers
 * in customer-service's table with one UPDATE (rolled back).
 */
public final class SweepBenchmark implements Benchmark {

    private static final String NAME = "sweep";
    /** Events of one customer's erasure saga on Kafka. */
    private static final int EVENTS_PER_CUSTOMER = 5;
    /**
     * A run that has not completed by then records how far it got (and the rates) instead. The services go on with
     * the erasures after that, which is why this benchmark runs last.
     */
    private static final Duration GIVE_UP_AFTER = Duration.ofMinutes(5);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void run(BenchmarkContext context, BenchmarkReport report) throws Exception {
        LocalStack stack = context.stack();
        int customers = context.scale().sweepCustomers();
        SweepData.Databases databases = new SweepData.Databases(stack.postgres().jdbcUrl("customer"),
                stack.postgres().jdbcUrl("consent"), stack.postgres().jdbcUrl("retention"),
                EmbeddedPostgresServer.USER, "local");
        long started = System.nanoTime();
        List<UUID> ids = SweepData.load(databases, customers, context.seed() + 3);
        report.add(new Figure(NAME, "load %,d due customers into 3 databases (COPY)".formatted(customers),
                seconds(started), "s", null, Double.NaN, null, null));

        double kafkaSeconds = kafkaBaseline(stack, customers * EVENTS_PER_CUSTOMER);
        double updateMillis = updateBaseline(databases, ids);
        System.out.printf("  baselines: Kafka %,d events raw %.1f s; one UPDATE erasing %,d customers %.0f ms%n",
                customers * EVENTS_PER_CUSTOMER, kafkaSeconds, customers, updateMillis);

        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest sweep = HttpRequest.newBuilder(URI.create(stack.service("retention-service").baseUrl()
                        + "/sweeps")).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + context.tokens().user(Tokens.OFFICER))
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        // The sweep is a job: POST answers at once, the sweep record says when every request is opened, and the
        // holders start erasing long before that.
        started = System.nanoTime();
        HttpResponse<String> answer = http.send(sweep, HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 202) {
            throw new IllegalStateException("POST /sweeps answered " + answer.statusCode() + ": " + answer.body());
        }
        report.add(new Figure(NAME, "POST /sweeps answered (202, the job started)", seconds(started) * 1000, "ms",
                null, Double.NaN, null, null));
        Progress progress = awaitCompletion(databases, ids, started, Rest.uuid(answer.body(), "id"));
        if (!Double.isNaN(progress.sweepSeconds())) {
            report.add(new Figure(NAME, "sweep COMPLETED (every request opened)", progress.sweepSeconds(),
                    "s", null, Double.NaN, null, null));
        }
        for (Map.Entry<String, Double> holder : progress.holderSeconds().entrySet()) {
            boolean customerService = holder.getKey().equals("customer-service");
            report.add(new Figure(NAME, holder.getKey() + " acknowledged all", holder.getValue(), "s",
                    customerService ? "one UPDATE erasing them in customer-service's table" : null,
                    customerService ? updateMillis / 1000 : Double.NaN, null, null));
        }
        boolean complete = progress.completed() == customers;
        report.add(new Figure(NAME, complete
                        ? "every request completed, every holder acknowledged"
                        : "GAVE UP: %,d opened, %,d of %,d completed".formatted(progress.opened(),
                                progress.completed(), customers),
                progress.seconds(), "s", "Kafka carrying the saga's %,d events raw".formatted(
                        customers * EVENTS_PER_CUSTOMER), kafkaSeconds, "< 120 s",
                complete && progress.seconds() < 120));
        report.add(new Figure(NAME, "erasure requests opened per second", progress.opened() / (Double.isNaN(
                progress.sweepSeconds()) ? progress.seconds() : progress.sweepSeconds()), "1/s", null, Double.NaN,
                null, null));
        report.add(new Figure(NAME, "erasures completed per second", progress.completed() / progress.seconds(),
                "1/s", null, Double.NaN, null, null));
        if (complete) {
            verifyErased(databases, ids);
        }
    }

    /**
     * How far the saga got within the time: requests opened and completed, when the sweep completed and when each
     * holder had acknowledged every request (NaN: not within the time).
     */
    private record Progress(int opened, int completed, double seconds, double sweepSeconds,
            Map<String, Double> holderSeconds) {
    }

    /**
     * Polls retention-service's own ledger for the benchmark's customers (the stack may hold others, as in the smoke
     * run inside the system tests): their erasure requests' status and each holder's acknowledgements, which shows
     * which holder limits the rate. The ids are joined, not matched with {@code = ANY}: that compares every row with
     * every id, and with 100,000 of them took a core for seconds per poll.
     */
    private static Progress awaitCompletion(SweepData.Databases databases, List<UUID> ids, long started,
            UUID sweepId) throws Exception {
        int customers = ids.size();
        Map<String, Double> holderSeconds = new TreeMap<>();
        double sweepSeconds = Double.NaN;
        int opened = 0;
        int completed = 0;
        long lastReport = System.nanoTime();
        try (Connection retention = databases.open(databases.retention());
             PreparedStatement requests = retention.prepareStatement("""
                     SELECT count(*), count(*) FILTER (WHERE status = 'COMPLETED') FROM erasure_request
                     JOIN unnest(CAST(? AS uuid[])) AS b(customer_id) USING (customer_id)""");
             PreparedStatement acknowledged = retention.prepareStatement("""
                     SELECT h.holder_id, count(h.acknowledged_at) FROM erasure_request r
                     JOIN unnest(CAST(? AS uuid[])) AS b(customer_id) USING (customer_id)
                     JOIN erasure_request_holder h ON h.request_id = r.id
                     GROUP BY h.holder_id""");
             PreparedStatement sweepStatus = retention.prepareStatement("SELECT status FROM sweep WHERE id = ?")) {
            sweepStatus.setObject(1, sweepId);
            Array benchmarkCustomers = retention.createArrayOf("uuid", ids.toArray());
            requests.setArray(1, benchmarkCustomers);
            acknowledged.setArray(1, benchmarkCustomers);
            while (System.nanoTime() - started < GIVE_UP_AFTER.toNanos()) {
                try (ResultSet rows = requests.executeQuery()) {
                    rows.next();
                    opened = rows.getInt(1);
                    completed = rows.getInt(2);
                }
                Map<String, Integer> acks = new TreeMap<>();
                try (ResultSet rows = acknowledged.executeQuery()) {
                    while (rows.next()) {
                        acks.put(rows.getString(1), rows.getInt(2));
                    }
                }
                acks.forEach((holder, count) -> {
                    if (count == customers) {
                        holderSeconds.putIfAbsent(holder, seconds(started));
                    }
                });
                String status;
                try (ResultSet rows = sweepStatus.executeQuery()) {
                    rows.next();
                    status = rows.getString(1);
                }
                if (status.equals("FAILED") || status.equals("SKIPPED")) {
                    throw new IllegalStateException("The sweep ended " + status);
                }
                boolean swept = status.equals("COMPLETED");
                if (Double.isNaN(sweepSeconds) && swept) {
                    sweepSeconds = seconds(started);
                }
                if (completed == customers && swept) {
                    return new Progress(opened, completed, seconds(started), sweepSeconds, holderSeconds);
                }
                if (System.nanoTime() - lastReport > 10_000_000_000L) {
                    System.out.printf("  ... after %.0f s: %,d opened, %,d of %,d completed; acknowledged per "
                            + "holder %s%n", seconds(started), opened, completed, customers, acks);
                    lastReport = System.nanoTime();
                }
                Thread.sleep(1000);
            }
        }
        return new Progress(opened, completed, seconds(started), sweepSeconds, holderSeconds);
    }

    /** Every holder really erased: no one left in any of the three databases with personal data or a clock. */
    private static void verifyErased(SweepData.Databases databases, List<UUID> ids) throws SQLException {
        Map<String, String> checks = Map.of(
                databases.customer(), "SELECT count(*) FROM customer WHERE id = ANY (?) AND (status <> 'ERASED' "
                        + "OR first_name IS NOT NULL) OR id IN (SELECT customer_id FROM customer_email "
                        + "WHERE customer_id = ANY (?))",
                databases.consent(), "SELECT count(*) FROM customer_relationship WHERE customer_id = ANY (?) "
                        + "AND status <> 'ERASED' OR customer_id IN (SELECT customer_id FROM consent "
                        + "WHERE customer_id = ANY (?))",
                databases.retention(), "SELECT count(*) FROM retention_clock WHERE customer_id = ANY (?) "
                        + "OR customer_id = ANY (?)");
        for (Map.Entry<String, String> check : checks.entrySet()) {
            try (Connection db = databases.open(check.getKey());
                 PreparedStatement left = db.prepareStatement(check.getValue())) {
                Array array = db.createArrayOf("uuid", ids.toArray());
                left.setArray(1, array);
                left.setArray(2, array);
                int remaining = count(left);
                if (remaining != 0) {
                    throw new IllegalStateException(remaining + " customers not erased in " + check.getKey());
                }
            }
        }
    }

    /** The saga's number of events of a realistic size, produced (acks=all, idempotent) and read back. */
    private static double kafkaBaseline(LocalStack stack, int events) throws Exception {
        Properties bootstrap = KafkaClients.operator(stack);
        String topic = "benchmark.sweep-baseline." + UUID.randomUUID();
        KafkaClients.createTopic(bootstrap, topic, 1);
        String payload = "{\"requestId\":\"%s\",\"customerId\":\"%s\",\"reason\":\"RETENTION_EXPIRED\","
                + "\"deadline\":\"2026-12-26\",\"categories\":[\"BASIC_DATA\",\"IDENTIFICATION\",\"CUSTOMERSHIP\","
                + "\"MARKETING_PERMISSIONS\",\"SELF_GIVEN\",\"ANALYTICS\",\"BILLING\"]}";
        long started = System.nanoTime();
        try (KafkaProducer<String, String> producer = KafkaClients.producer(bootstrap);
             KafkaConsumer<String, String> consumer = KafkaClients.fromNow(bootstrap, List.of(topic))) {
            Thread sender = new Thread(() -> {
                for (int i = 0; i < events; i++) {
                    String key = new UUID(0, i / EVENTS_PER_CUSTOMER).toString();
                    producer.send(new ProducerRecord<>(topic, key, payload.formatted(UUID.randomUUID(), key)));
                }
                producer.flush();
            });
            sender.start();
            int read = 0;
            while (read < events) {
                read += consumer.poll(Duration.ofMillis(200)).count();
            }
            sender.join();
        }
        return seconds(started);
    }

    /** customer-service's table: erasing every one of them in one statement, rolled back. */
    private static double updateBaseline(SweepData.Databases databases, List<UUID> ids) throws SQLException {
        try (Connection db = databases.open(databases.customer());
             PreparedStatement erase = db.prepareStatement("""
                     UPDATE customer SET status = 'ERASED', first_name = NULL, last_name = NULL, birth_date = NULL,
                         name_source = NULL, name_set_at = NULL, birth_date_source = NULL, birth_date_set_at = NULL,
                         closure_reason = NULL, closed_at = NULL, relationship_ended_on = NULL, erased_at = now()
                     WHERE id = ANY (?)""")) {
            db.setAutoCommit(false);
            erase.setArray(1, db.createArrayOf("uuid", ids.toArray()));
            long started = System.nanoTime();
            erase.executeUpdate();
            double millis = (System.nanoTime() - started) / 1e6;
            db.rollback();
            return millis;
        }
    }

    private static int count(PreparedStatement statement) throws SQLException {
        try (ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getInt(1);
        }
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }
}
