package fi.imediat.rekisteri.benchmark.writes;

import fi.imediat.rekisteri.benchmark.Benchmark;
import fi.imediat.rekisteri.benchmark.BenchmarkContext;
import fi.imediat.rekisteri.benchmark.BenchmarkReport;
import fi.imediat.rekisteri.benchmark.Figure;
import fi.imediat.rekisteri.benchmark.data.CustomerDataset;
import fi.imediat.rekisteri.benchmark.load.ClosedLoop;
import fi.imediat.rekisteri.benchmark.load.ClosedLoop.Throughput;
import fi.imediat.rekisteri.benchmark.load.ConsumerLag;
import fi.imediat.rekisteri.benchmark.load.Rest;
import fi.imediat.rekisteri.infra.EmbeddedPostgresServer;
import fi.imediat.rekisteri.testsupport.Tokens;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Write throughput (issue 8, item 4): customer registrations and consent changes per second through REST (each
 * with its outbox event and audit row in one transaction) with {@link #CONNECTIONS} concurrent connections,
 * against a JDBC client doing one single-row INSERT transaction per request on the same PostgreSQL with the same
 * concurrency. The JDBC loop stands in for {@code pgbench -f insert.sql}: the zonky PostgreSQL binaries have no
 * pgbench.
 */
public final class WriteThroughputBenchmark implements Benchmark {

    static final int CONNECTIONS = 8;
    private static final double TARGET_RATIO = 0.3;
    private static final String[] STATES = {"WITHDRAWN", "GRANTED"};

    @Override
    public String name() {
        return "writes";
    }

    @Override
    public void run(BenchmarkContext context, BenchmarkReport report) throws Exception {
        Duration duration = context.scale().writeDuration();
        Throughput baseline = singleRowInserts(context, duration);
        // Unmeasured first: freshly started services spend most of a core on compiling the JIT's hot paths
        // (consent-service's profile: 11 s of compilation in 20 s of load), which is start-up, not throughput.
        registrations(context, duration);
        consentChanges(context, "writes-warm-up", duration);
        drain(context, duration);
        Throughput registrations = registrations(context, duration);
        report(report, "customer registrations", registrations, baseline);
        drain(context, duration);
        Throughput consents = consentChanges(context, "writes", duration);
        report(report, "consent changes", consents, baseline);
    }

    private void report(BenchmarkReport report, String what, Throughput rest, Throughput baseline) {
        String with = " (" + CONNECTIONS + " connections)";
        report.add(new Figure(name(), what + " per second" + with, rest.perSecond(), "1/s",
                "JDBC single-row INSERT tx/s", baseline.perSecond(), "≥ 0.3× baseline",
                rest.perSecond() >= TARGET_RATIO * baseline.perSecond()));
        report.add(new Figure(name(), what + " latency p99" + with, rest.latencies().percentileMillis(99), "ms",
                "JDBC INSERT p99", baseline.latencies().percentileMillis(99), null, null));
        if (rest.failed() > 0) {
            System.out.println("  " + rest.failed() + " " + what + " failed");
        }
    }

    /** Each phase starts when the services have applied what the previous one left on the topics. */
    private static void drain(BenchmarkContext context, Duration duration) throws Exception {
        ConsumerLag.awaitCaughtUp(context.stack().kafka().bootstrapServers(),
                List.of("customer-service", "consent-service", "retention-service"), duration.plusSeconds(30));
    }

    /** POST /customers with a fictitious customer, each with its own e-mail and username. */
    private Throughput registrations(BenchmarkContext context, Duration duration) throws InterruptedException {
        Rest rest = new Rest();
        String url = context.stack().service("customer-service").baseUrl() + "/customers";
        String token = context.tokens().user(Tokens.AGENT);
        String run = Long.toString(System.currentTimeMillis(), 36);
        return ClosedLoop.run(CONNECTIONS, duration, (worker, sequence) -> {
            String handle = "bench-w" + run + "-" + worker + "-" + sequence;
            String body = Rest.json(Map.of("firstName", "Aino", "lastName", "Testinen", "birthDate", "1980-01-01",
                    "username", handle, "email", handle + "@example.invalid", "source", "REGISTRATION",
                    "addresses", List.of(Map.of("street", "Koekatu 1", "postalCode", "00100", "city", "Testilä",
                            "country", "FI", "primary", true)),
                    "phones", List.of(Map.of("number", "+35850" + (1_000_000 + sequence % 8_999_999),
                            "primary", true))));
            return rest.send("POST", url, token, body).statusCode() == 201;
        });
    }

    /**
     * PUT /customers/{id}/consents/…: each worker turns the e-mail direct-marketing consent of its own generated
     * customers off and on again, so every request is a change (a history entry and an event).
     */
    private Throughput consentChanges(BenchmarkContext context, String dataset, Duration duration)
            throws InterruptedException {
        // Enough customers that a worker rarely comes back to one within a second.
        int perWorker = (int) Math.min(1_000, Math.max(20, duration.toSeconds() * 30));
        List<UUID> customers = CustomerDataset.load(context, dataset, CONNECTIONS * perWorker);
        Rest rest = new Rest();
        String base = context.stack().service("consent-service").baseUrl() + "/customers/";
        String path = "/consents/" + CustomerDataset.GRANTED_PURPOSE + "/" + CustomerDataset.GRANTED_CHANNEL;
        String token = context.tokens().user(Tokens.AGENT);
        return ClosedLoop.run(CONNECTIONS, duration, (worker, sequence) -> {
            UUID customer = customers.get(worker * perWorker + sequence % perWorker);
            String state = STATES[(sequence / perWorker) % 2];
            String body = "{\"status\":\"" + state + "\",\"evidence\":{\"source\":\"WEB_FORM\"}}";
            var response = rest.send("PUT", base + customer + path, token, body);
            return response.statusCode() == 200 && response.body().contains("\"changed\":true");
        });
    }

    /** The baseline: one INSERT of one row per transaction (autocommit), one connection per worker. */
    private Throughput singleRowInserts(BenchmarkContext context, Duration duration) throws Exception {
        EmbeddedPostgresServer postgres = context.stack().postgres();
        postgres.createDatabase("benchmark");
        String url = postgres.jdbcUrl("benchmark");
        try (Connection connection = DriverManager.getConnection(url, EmbeddedPostgresServer.USER, "");
             Statement ddl = connection.createStatement()) {
            ddl.execute("""
                    CREATE TABLE IF NOT EXISTS insert_baseline (
                        id          uuid PRIMARY KEY,
                        customer_id uuid        NOT NULL,
                        payload     text        NOT NULL,
                        created_at  timestamptz NOT NULL DEFAULT now())""");
        }
        List<Connection> connections = new ArrayList<>();
        List<PreparedStatement> inserts = new ArrayList<>();
        try {
            for (int i = 0; i < CONNECTIONS; i++) {
                Connection connection = DriverManager.getConnection(url, EmbeddedPostgresServer.USER, "");
                connections.add(connection);
                inserts.add(connection.prepareStatement(
                        "INSERT INTO insert_baseline (id, customer_id, payload) VALUES (?, ?, ?)"));
            }
            return ClosedLoop.run(CONNECTIONS, duration, (worker, sequence) -> {
                PreparedStatement insert = inserts.get(worker);
                insert.setObject(1, UUID.randomUUID());
                insert.setObject(2, UUID.randomUUID());
                insert.setString(3, "{\"status\":\"GRANTED\",\"source\":\"WEB_FORM\"}");
                return insert.executeUpdate() == 1;
            });
        } finally {
            for (Connection connection : connections) {
                try {
                    connection.close();
                } catch (SQLException ignored) {
                    // closing after the measurement; nothing to keep
                }
            }
        }
    }
}
