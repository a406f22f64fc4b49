package fi.imediat.rekisteri.benchmark.fanout;

import fi.imediat.rekisteri.benchmark.Benchmark;
import fi.imediat.rekisteri.benchmark.BenchmarkContext;
import fi.imediat.rekisteri.benchmark.BenchmarkReport;
import fi.imediat.rekisteri.benchmark.Figure;
import fi.imediat.rekisteri.benchmark.data.CustomerDataset;
import fi.imediat.rekisteri.benchmark.fanout.FanOutLoad.Answered;
import fi.imediat.rekisteri.benchmark.fanout.FanOutLoad.Kind;
import fi.imediat.rekisteri.benchmark.fanout.FanOutLoad.Phase;
import fi.imediat.rekisteri.benchmark.load.ConsumerLag;
import fi.imediat.rekisteri.benchmark.load.KafkaClients;
import fi.imediat.rekisteri.benchmark.load.Latencies;
import fi.imediat.rekisteri.benchmark.load.Rest;
import fi.imediat.rekisteri.events.EventType;
import fi.imediat.rekisteri.events.Topics;
import fi.imediat.rekisteri.infra.EmbeddedPostgresServer;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.UUID;

/**
 * Fan-out latency (issue 8, item 1): from the HTTP 200 of a consent withdrawal (or an account closure) until every
 * holder has applied it and its acknowledgement is readable on its replies topic ({@link Topics#privacyReplies}):
 * the three services and {@link BenchmarkHolder}, an external holder, except the event's writer (consent-service for a
 * withdrawal, customer-service for a closure), which applies it by committing it and publishes no acknowledgement of
 * its own event: the ledger counts the event as its acknowledgement. Also: when retention-service's ledger had
 * recorded the last of them
 * (what {@code GET /propagation/{eventId}} answers as complete). Baseline: a raw Kafka producer → consumer at the
 * same rate on the same broker.
 */
public final class FanOutBenchmark implements Benchmark {

    /** Every holder in the benchmark: the three services and {@link BenchmarkHolder}. */
    private static final List<String> EVERY_HOLDER = List.of("consent-service", "customer-service",
            "retention-service", BenchmarkHolder.ID);
    private static final List<String> SERVICES = List.of("customer-service", "consent-service",
            "retention-service");
    /** At this rate nothing may be refused, and the ledger's p99 stays under 250 ms. */
    private static final int SUSTAINED_RATE = 500;
    private static final double SUSTAINED_LEDGER_P99_MS = 250;
    /** At this rate refusals are allowed (and retried), but every request is answered; ledger p99 under 1 s. */
    private static final int PEAK_RATE = 1_000;
    private static final double PEAK_LEDGER_P99_MS = 1_000;
    private static final double PEAK_LEDGER_TO_KAFKA = 5;

    @Override
    public String name() {
        return "fan-out";
    }

    @Override
    public void run(BenchmarkContext context, BenchmarkReport report) throws Exception {
        Duration duration = context.scale().fanOutDuration();
        int[] rates = context.scale().fanOutRatesPerSecond();
        int closureRate = context.scale().closureRatePerSecond();
        Duration warmUp = duration.compareTo(Duration.ofSeconds(10)) > 0 ? Duration.ofSeconds(5) : Duration.ZERO;
        int needed = perSecond(closureRate, warmUp) + perSecond(closureRate, duration);
        for (int rate : rates) {
            needed += perSecond(rate, duration);
        }
        List<UUID> customers = CustomerDataset.load(context, "fan-out", needed);
        Rest rest = new Rest();
        Properties kafka = KafkaClients.operator(context.stack());
        Duration baselineDuration = duration.compareTo(Duration.ofSeconds(20)) > 0 ? Duration.ofSeconds(20)
                : duration;
        int next = 0;
        try (BenchmarkHolder holder = BenchmarkHolder.start(context, rest);
             AcknowledgementObserver observer = new AcknowledgementObserver(kafka, EVERY_HOLDER)) {
            if (!warmUp.isZero()) {
                // The services have just started: let their JIT and pools warm up on the same path first.
                FanOutLoad.run(context, rest, Kind.WITHDRAWAL, customers.subList(0, perSecond(closureRate, warmUp)),
                        closureRate, warmUp);
                next = perSecond(closureRate, warmUp);
            }
            // Closures at the lowest rate before the highest withdrawal rate, which may overload the services.
            for (int i = 0; i < rates.length; i++) {
                int rate = rates[i];
                awaitQuiet(context, duration);
                List<UUID> slice = customers.subList(next, next += perSecond(rate, duration));
                Phase phase = FanOutLoad.run(context, rest, Kind.WITHDRAWAL, slice, rate, duration);
                Latencies baseline = KafkaLatencyProbe.measure(kafka, rate, baselineDuration);
                report(context, report, observer, "withdrawal", EventType.CONSENT_WITHDRAWN, rate, phase, baseline,
                        duration);
                if (i == 0) {
                    awaitQuiet(context, duration);
                    List<UUID> closed = customers.subList(next, next += perSecond(closureRate, duration));
                    Phase closures = FanOutLoad.run(context, rest, Kind.CLOSURE, closed, closureRate, duration);
                    report(context, report, observer, "closure", EventType.CUSTOMER_CLOSED, closureRate, closures,
                            baseline, duration);
                }
            }
        }
    }

    /**
     * Starts a phase only when the services have worked off what earlier loads (other benchmarks, the previous
     * phase) left on the topics, so that a phase measures its own events rather than a queue; gives up after the
     * phase's length plus 30 s and says so.
     */
    private static void awaitQuiet(BenchmarkContext context, Duration duration) throws Exception {
        long lag = ConsumerLag.awaitCaughtUp(KafkaClients.operator(context.stack()), SERVICES,
                duration.plusSeconds(30));
        if (lag > 0) {
            System.out.println("  (the services' consumers were still " + lag + " records behind at the start)");
        }
    }

    private void report(BenchmarkContext context, BenchmarkReport report, AcknowledgementObserver observer,
            String what, EventType event, int rate, Phase phase, Latencies kafka, Duration duration)
            throws SQLException, InterruptedException {
        if (phase.answered().isEmpty()) {
            throw new IllegalStateException("No " + what + " was answered with 200; " + phase.failed() + " failed");
        }
        List<String> holders = acknowledging(event);
        awaitAcknowledgements(observer, phase, holders, Duration.ofSeconds(30).plus(duration));
        Latencies fanOut = new Latencies();
        Map<String, Latencies> perHolder = new HashMap<>();
        holders.forEach(h -> perHolder.put(h, new Latencies()));
        int incomplete = 0;
        for (Answered answered : phase.answered()) {
            OptionalLong all = observer.allAcknowledgedAt(answered.eventId(), holders);
            if (all.isPresent()) {
                fanOut.record(all.getAsLong() - answered.okNanos());
            } else {
                incomplete++;
            }
            for (String holder : holders) {
                observer.acknowledgedAt(answered.eventId(), holder)
                        .ifPresent(at -> perHolder.get(holder).record(at - answered.okNanos()));
            }
        }
        String at = " at " + rate + "/s";
        String prefix = what + " fan-out";
        boolean withdrawals = what.equals("withdrawal");
        report.add(figure(prefix + " p50" + at, fanOut.percentileMillis(50), "ms", "Kafka e2e p50",
                kafka.percentileMillis(50), null, null));
        report.add(figure(prefix + " p99" + at, fanOut.percentileMillis(99), "ms", "Kafka e2e p99",
                kafka.percentileMillis(99), null, null));
        report.add(figure(prefix + " max" + at, fanOut.maxMillis(), "ms", "Kafka e2e max", kafka.maxMillis(),
                null, null));
        int requests = phase.answered().size() + phase.failed();
        double refusedShare = 100.0 * phase.refusedRequests() / Math.max(1, requests);
        boolean sustained = withdrawals && rate == SUSTAINED_RATE;
        boolean peak = withdrawals && rate == PEAK_RATE;
        report.add(figure(what + "s refused at first (503 + Retry-After)" + at, refusedShare, "%", null, Double.NaN,
                sustained ? "0 %" : null, sustained ? phase.refusedRequests() == 0 : null));
        if (phase.refused() > 0) {
            report.add(figure(what + " refusal answered p99" + at, phase.refusalLatency().percentileMillis(99), "ms",
                    null, Double.NaN, "< 100 ms", phase.refusalLatency().percentileMillis(99) < 100));
        }
        report.add(figure(what + "s answered 200 (after retries)" + at, 100.0 * phase.answered().size()
                / Math.max(1, requests), "%", null, Double.NaN, "100 %", phase.failed() == 0));
        report.add(figure(what + "s answered 200 per second" + at, phase.achievedPerSecond(), "1/s", "offered",
                rate, null, null));
        report.add(figure(what + " REST response p99 (from due time, retries included)" + at,
                phase.rest().percentileMillis(99), "ms", null, Double.NaN, null, null));
        for (String holder : holders) {
            report.add(figure(what + " ack of " + holder + " p99" + at, perHolder.get(holder).percentileMillis(99),
                    "ms", null, Double.NaN, null, null));
        }
        double ledger = ledgerP99(context, phase);
        double kafkaP99 = kafka.percentileMillis(99);
        String ledgerTarget = null;
        Boolean ledgerMet = null;
        if (sustained) {
            ledgerTarget = "< 250 ms";
            ledgerMet = ledger < SUSTAINED_LEDGER_P99_MS;
        } else if (peak) {
            ledgerTarget = "< 1 s and ≤ 5× Kafka e2e p99";
            ledgerMet = ledger < PEAK_LEDGER_P99_MS && ledger <= PEAK_LEDGER_TO_KAFKA * kafkaP99;
        }
        report.add(figure(what + " retention ledger complete p99" + at, ledger, "ms", "Kafka e2e p99", kafkaP99,
                ledgerTarget, ledgerMet));
        report.add(figure(what + "s fully acknowledged" + at, 100.0 * fanOut.count() / phase.answered().size(),
                "%", null, Double.NaN, "100 %", incomplete == 0));
        if (phase.failed() > 0) {
            System.out.printf(Locale.ROOT, "  %d %ss%s failed (not 200, nor a refusal): %s%n", phase.failed(), what, at,
                    phase.failures());
        }
    }

    private static Figure figure(String name, double value, String unit, String baselineName, double baseline,
            String target, Boolean met) {
        return new Figure("fan-out", name, value, unit, baselineName, baseline, target, met);
    }

    /**
     * The holders that publish an acknowledgement of {@code event}: every one but its writer, whose event stands for
     * its own ({@link Topics#writer}; the ledger figure counts the writer too).
     */
    private static List<String> acknowledging(EventType event) {
        String writer = Topics.writer(event.topic()).orElseThrow();
        return EVERY_HOLDER.stream().filter(holder -> !holder.equals(writer)).toList();
    }

    private static void awaitAcknowledgements(AcknowledgementObserver observer, Phase phase, List<String> holders,
            Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Answered answered : phase.answered()) {
            while (observer.allAcknowledgedAt(answered.eventId(), holders).isEmpty()
                    && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
        }
    }

    /**
     * From each HTTP 200 until retention-service's ledger recorded the last required holder's acknowledgement
     * ({@code received_at}, the start of the recording transaction, on the same machine's clock); events whose
     * propagation is not complete in the ledger are left out, and counted in the figure above through the topic.
     */
    private static double ledgerP99(BenchmarkContext context, Phase phase) throws SQLException {
        Map<UUID, Long> okAt = new HashMap<>();
        phase.answered().forEach(a -> okAt.put(a.eventId(), a.okEpochMillis()));
        Latencies ledger = new Latencies();
        try (Connection connection = DriverManager.getConnection(
                context.stack().postgres().jdbcUrl("retention"), EmbeddedPostgresServer.USER, "");
             PreparedStatement query = connection.prepareStatement("""
                     SELECT h.event_id, max(a.received_at)
                     FROM propagation_holder h
                     LEFT JOIN holder_acknowledgement a
                            ON a.acknowledged_event_id = h.event_id AND a.holder_id = h.holder_id
                     WHERE h.event_id = ANY (?)
                     GROUP BY h.event_id
                     HAVING bool_and(a.holder_id IS NOT NULL)""")) {
            query.setArray(1, connection.createArrayOf("uuid", okAt.keySet().toArray()));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    long recorded = rows.getTimestamp(2).getTime();
                    ledger.record((recorded - okAt.get(rows.getObject(1, UUID.class))) * 1_000_000);
                }
            }
        }
        return ledger.percentileMillis(99);
    }

    private static int perSecond(int rate, Duration duration) {
        return (int) (rate * duration.toMillis() / 1000);
    }
}
