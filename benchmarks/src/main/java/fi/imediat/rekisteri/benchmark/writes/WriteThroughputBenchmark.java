package fi.imediat.rekisteri.benchmark.writes;

import fi.imediat.rekisteri.benchmark.Benchmark;
import fi.imediat.rekisteri.benchmark.BenchmarkContext;
import fi.imediat.rekisteri.benchmark.BenchmarkReport;
import fi.imediat.rekisteri.benchmark.Figure;
import fi.imediat.rekisteri.benchmark.data.CustomerDataset;
import fi.imediat.rekisteri.benchmark.load.ClosedLoop;
import fi.imediat.rekisteri.benchmark.load.ClosedLoop.Throughput;
import fi.imediat.rekisteri.benchmark.load.ConsumerLag;
import fi.imediat.rekisteri.benchmark.load.KafkaClients;
import fi.imediat.rekisteri.benchmark.load.Rest;
import fi.imediat.rekisteri.benchmark.load.StackCpu;
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
    private static final List<String> SERVICES = List.of("customer-service", "consent-service", "retention-service");
    private static final double TARGET_RATIO = 0.3;
    private static final String[] STATES = {"WITHDRAWN", "GRANTED"};

    @Override
    public String name() {
        return "writes";
    }

    @Override
    public void run(BenchmarkContext context, BenchmarkReport report) throws Exception {
        Duration duration = context.scale().writeDuration();
        StackCpu.Reading beforeInserts = StackCpu.read(context.stack(), SERVICES);
        Throughput baseline = singleRowInserts(context, duration);
        StackCpu.PerOperation insertCpu = StackCpu.perOperation(beforeInserts, StackCpu.read(context.stack(),
                SERVICES), baseline.completed());
        // Unmeasured first: freshly started services spend most of a core on compiling the JIT's hot paths
        // (consent-service's profile: 11 s of compilation in 20 s of load), which is start-up, not throughput.
        registrations(context, duration);
        consentChanges(context, customers(context, "writes-warm-up", duration), duration);
        drain(context, duration);

        StackCpu.Reading beforeRegistrations = StackCpu.read(context.stack(), SERVICES);
        Throughput registrations = registrations(context, duration);
        drain(context, duration);
        report(report, "customer registrations", registrations, baseline);
        reportCpu(report, "registration", StackCpu.perOperation(beforeRegistrations,
                StackCpu.read(context.stack(), SERVICES), registrations.completed()), insertCpu);

        List<UUID> customers = customers(context, "writes", duration);
        StackCpu.Reading beforeConsents = StackCpu.read(context.stack(), SERVICES);
        Throughput consents = consentChanges(context, customers, duration);
        drain(context, duration);
        report(report, "consent changes", consents, baseline);
        reportCpu(report, "consent change", StackCpu.perOperation(beforeConsents,
                StackCpu.read(context.stack(), SERVICES), consents.completed()), insertCpu);
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

    /**
     * What one operation costs the machine, every process and consumer included: the throughput figure's
     * explanation, since two cores have 2,000 ms of CPU a second for all of it.
     */
    private void reportCpu(BenchmarkReport report, String what, StackCpu.PerOperation rest,
            StackCpu.PerOperation insert) {
        report.add(new Figure(name(), "CPU per " + what + ", all processes", rest.systemMillis(), "ms",
                "CPU per JDBC INSERT, all processes", insert.systemMillis(), null, null));
        System.out.println("  CPU per " + what + " (ms): " + rest);
    }

    /** Each phase starts when the services have applied what the previous one left on the topics. */
    private static void drain(BenchmarkContext context, Duration duration) throws Exception {
        ConsumerLag.awaitCaughtUp(KafkaClients.operator(context.stack()), SERVICES, duration.plusSeconds(30));
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
    /** Enough customers that a worker rarely comes back to one within a second. */
    private static int customersPerWorker(Duration duration) {
        return (int) Math.min(1_000, Math.max(20, duration.toSeconds() * 30));
    }

    private static List<UUID> customers(BenchmarkContext context, String dataset, Duration duration) {
        return CustomerDataset.load(context, dataset, CONNECTIONS * customersPerWorker(duration));
    }

    private Throughput consentChanges(BenchmarkContext context, List<UUID> customers, Duration duration)
            throws InterruptedException {
        int perWorker = customersPerWorker(duration);
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
