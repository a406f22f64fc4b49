package fi.imediat.rekisteri.benchmark.soak;

import fi.imediat.rekisteri.benchmark.BenchmarkMain;
import fi.imediat.rekisteri.benchmark.load.ConsumerLag;
import fi.imediat.rekisteri.benchmark.load.KafkaClients;
import fi.imediat.rekisteri.infra.EmbeddedPostgresServer;
import fi.imediat.rekisteri.infra.LocalStack;
import fi.imediat.rekisteri.testsupport.Tokens;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The soak (issue 21; {@code ./mvnw -B package -Psoak}, not in CI): a fresh stack configured as in production
 * (durable commits), {@code soak.duration} (default 30 minutes) of mixed load at {@code soak.rate} changes a second
 * (default 20) through the services' REST interfaces, with a service SIGKILLed and restarted every few minutes, a
 * broker restart and a PostgreSQL restart; then a drain, and the books: events committed, published, lost (must be
 * 0), tracked fan-outs acknowledged by every holder, erasures completed, applied twice (must be 0), parked on a
 * dead-letter topic (must be 0), and each JVM's resident memory over the run. Written to
 * {@code benchmarks/target/soak/}; the exit code is 1 when the books do not balance.
 */
public final class SoakMain {

    private static final Duration SAMPLE_EVERY = Duration.ofSeconds(30);
    private static final Duration DRAIN = Duration.ofMinutes(10);
    private static final List<String> GROUPS = List.of("customer-service", "consent-service", "retention-service");

    private SoakMain() {
    }

    public static void main(String[] args) throws Exception {
        Logger.getLogger("io.zonky").setLevel(Level.WARNING);
        Logger.getLogger("org.apache.kafka").setLevel(Level.WARNING);
        Path root = Path.of(System.getProperty("rekisteri.root", ".")).toAbsolutePath().normalize();
        Path work = Files.createDirectories(root.resolve("benchmarks/target/soak"));
        Duration duration = Duration.parse(System.getProperty("soak.duration", "PT30M"));
        int rate = Integer.getInteger("soak.rate", 20);
        long seed = Long.getLong("soak.seed", 20261208L);

        System.out.println("Starting a fresh local stack for the soak ...");
        try (LocalStack stack = BenchmarkMain.freshDurableStack(root, work.resolve("stack"))) {
            Tokens tokens = new Tokens(stack.keycloak().realmUrl());
            String report = run(stack, tokens, duration, rate, seed, work);
            System.out.println(report);
            Files.writeString(work.resolve("soak.txt"), report);
            if (report.contains("BOOKS DO NOT BALANCE")) {
                System.exit(1);
            }
        }
    }

    private static String run(LocalStack stack, Tokens tokens, Duration duration, int rate, long seed, Path work)
            throws Exception {
        MemorySamples memory = new MemorySamples(stack);
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(memory::sample, 0, SAMPLE_EVERY.toSeconds(), TimeUnit.SECONDS);
        MixedLoad load = new MixedLoad(stack, tokens, rate, seed);
        long started = System.nanoTime();
        StringBuilder faultLog = new StringBuilder();
        System.out.printf("Soak: %s at %d changes/s, started %s%n", duration, rate, Instant.now());
        load.start();
        for (Faults.Fault fault : Faults.over(duration, stack, seed)) {
            Faults.pause(Duration.ofNanos(Math.max(0, fault.at().toNanos() - (System.nanoTime() - started))));
            long before = System.nanoTime();
            String line;
            try {
                fault.apply().run();
                line = String.format("  %5.1f min  %-28s back in %.1f s%n", minutes(before - started), fault.what(),
                        (System.nanoTime() - before) / 1e9);
            } catch (RuntimeException e) {
                line = String.format("  %5.1f min  %-28s FAILED: %s%n", minutes(before - started), fault.what(), e);
            }
            System.out.print(line);
            faultLog.append(line);
        }
        Faults.pause(Duration.ofNanos(Math.max(0, duration.toNanos() - (System.nanoTime() - started))));
        load.stop();
        long loadEnded = System.nanoTime();

        long lag = ConsumerLag.awaitCaughtUp(KafkaClients.operator(stack), GROUPS, DRAIN);
        awaitErasuresDone(stack, DRAIN);
        Duration drained = Duration.ofNanos(System.nanoTime() - loadEnded);
        memory.sample();
        sampler.shutdownNow();
        Files.writeString(work.resolve("rss.csv"), memory.csv());
        Ledger.Books books = Ledger.close(stack, tokens, load);

        return String.format("""
                Soak of %s at %d changes/s (seed %d), finished %s; drained in %d s, consumer lag left %d

                Faults:
                %s
                Changes made (2xx):
                %s
                Refused (a caller tries again):
                %s
                  ticks skipped with %d requests in flight: %d

                Books:
                  events committed (the three outboxes)     %,d
                  unpublished after the drain                %,d   (must be 0)
                  lost (committed, never on a topic)         %,d   (must be 0)
                  published twice (same id; applied once)    %,d
                  withdrawals, prohibitions, closures made   %,d
                    acknowledged by every holder             %,d
                  erasure requests made                      %,d
                    completed by every holder                %,d
                  holder acknowledgements (holder, event)    %,d
                  applied twice (a second acknowledgement)   %,d   (must be 0)
                  customers erased twice                     %,d   (must be 0)
                  parked on dead-letter topics               %,d   (must be 0)
                  %s

                Resident memory (MiB) per process lifetime (warm = 5 minutes into it); every sample in rss.csv:
                %s""",
                duration, rate, seed, Instant.now(), drained.toSeconds(), lag, faultLog,
                MixedLoad.table(load.made), MixedLoad.table(load.refused), MixedLoad.IN_FLIGHT, load.skipped.get(),
                books.committed(), books.unpublished(), books.lost(), books.publishedTwice(), books.tracked(),
                books.trackedComplete(), books.erasures(), books.erasuresCompleted(), books.acknowledgements(),
                books.appliedTwice(), books.erasedTwice(), books.deadLettered(),
                books.balanced() ? "the books balance" : "BOOKS DO NOT BALANCE",
                memory.report(Duration.ofMinutes(5)));
    }

    private static void awaitErasuresDone(LocalStack stack, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try (Connection connection = DriverManager.getConnection(stack.postgres().jdbcUrl("retention"),
                    EmbeddedPostgresServer.USER, "");
                 ResultSet open = connection.createStatement().executeQuery(
                         "SELECT count(*) FROM erasure_request WHERE status = 'OPEN'")) {
                open.next();
                if (open.getInt(1) == 0) {
                    return;
                }
            }
            Thread.sleep(1000);
        }
    }

    private static double minutes(long nanos) {
        return nanos / 60e9;
    }
}
