package fi.imediat.rekisteri.benchmark.footprint;

import fi.imediat.rekisteri.benchmark.Benchmark;
import fi.imediat.rekisteri.benchmark.BenchmarkContext;
import fi.imediat.rekisteri.benchmark.BenchmarkReport;
import fi.imediat.rekisteri.benchmark.Figure;
import fi.imediat.rekisteri.benchmark.data.CustomerDataset;
import fi.imediat.rekisteri.benchmark.fanout.FanOutLoad;
import fi.imediat.rekisteri.benchmark.load.Rest;
import fi.imediat.rekisteri.infra.ServiceProcess;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Footprint: each service's start-up time, as Quarkus logs it ("started in X s", from the JVM's start to listening),
 * once with the whole stack starting and once alone (stopped and started again while the rest runs, as a rolling
 * update starts a pod); its resident memory (VmRSS of {@code /proc/<pid>/status}) idle after that start, and at its
 * highest under the fan-out load (withdrawals at the first fan-out rate), sampled every 250 ms. Runs first, so that
 * "idle" is the services as started.
 */
public final class FootprintBenchmark implements Benchmark {

    static final List<String> SERVICES = List.of("customer-service", "consent-service", "retention-service");
    private static final Pattern STARTED = Pattern.compile("started in ([0-9.]+)s");
    private static final Pattern RSS = Pattern.compile("VmRSS:\\s+(\\d+) kB");
    private static final Duration IDLE_AFTER = Duration.ofSeconds(10);

    @Override
    public String name() {
        return "footprint";
    }

    @Override
    public void run(BenchmarkContext context, BenchmarkReport report) throws Exception {
        for (String name : SERVICES) {
            ServiceProcess service = context.stack().service(name);
            report.add(figure(name + " start-up with the whole stack starting", startedIn(service.logFile()), "s"));
        }
        for (String name : SERVICES) {
            ServiceProcess service = context.stack().service(name);
            if (!context.scale().startEachServiceAlone()) {
                report.add(figure(name + " RSS idle as started", rssMegabytes(service.pid()), "MiB"));
                continue;
            }
            // Alone: stopped and started again while nothing else starts, as a rolling update starts a pod.
            service.close();
            service.restart();
            service.awaitReady(Duration.ofSeconds(120));
            double startUp = startedIn(service.logFile());
            report.add(new Figure(name(), name + " start-up alone (Quarkus 'started in')", startUp, "s", null,
                    Double.NaN, "< 5 s", startUp < 5));
            // Idle once its consumers have joined their groups and the first scheduled jobs have run.
            Thread.sleep(IDLE_AFTER.toMillis());
            double idle = rssMegabytes(service.pid());
            report.add(new Figure(name(), name + " RSS idle", idle, "MiB", null, Double.NaN, "< 200 MiB",
                    idle < 200));
        }
        // The fan-out's sustained rate: the highest one overloads these 2 shared cores (see docs/benchmarks.md).
        int rate = context.scale().fanOutRatesPerSecond()[0];
        Duration duration = context.scale().fanOutDuration().compareTo(Duration.ofSeconds(20)) > 0
                ? Duration.ofSeconds(20) : context.scale().fanOutDuration();
        List<UUID> customers = CustomerDataset.load(context, "footprint",
                (int) (rate * duration.toMillis() / 1000));
        Map<String, Double> peak = new ConcurrentHashMap<>();
        AtomicBoolean loading = new AtomicBoolean(true);
        // Stopped by a flag, not an interrupt: an interrupt would close the /proc file mid-read.
        Thread sampler = new Thread(() -> {
            while (loading.get()) {
                for (String name : SERVICES) {
                    double rss = rssMegabytes(context.stack().service(name).pid());
                    if (!Double.isNaN(rss)) {
                        peak.merge(name, rss, Math::max);
                    }
                }
                LockSupport.parkNanos(250_000_000L);
            }
        }, "rss-sampler");
        sampler.start();
        FanOutLoad.Phase load;
        try {
            load = FanOutLoad.run(context, new Rest(), FanOutLoad.Kind.WITHDRAWAL, customers, rate, duration);
        } finally {
            loading.set(false);
            sampler.join();
        }
        report.add(new Figure(name(), "withdrawals answered 200 per second during the sampling",
                load.achievedPerSecond(), "1/s", "offered", rate, null, null));
        Map<String, Double> ordered = new LinkedHashMap<>();
        SERVICES.forEach(name -> ordered.put(name, peak.get(name)));
        ordered.forEach((name, rss) -> report.add(figure(name + " RSS peak under " + rate + " withdrawals/s", rss,
                "MiB")));
    }

    private Figure figure(String name, double value, String unit) {
        return new Figure(name(), name, value, unit, null, Double.NaN, null, null);
    }

    /** The last start-up time in the log (a kept data directory's log holds earlier runs too). */
    static double startedIn(Path log) throws IOException {
        Matcher matcher = STARTED.matcher(Files.readString(log, StandardCharsets.ISO_8859_1));
        double seconds = Double.NaN;
        while (matcher.find()) {
            seconds = Double.parseDouble(matcher.group(1));
        }
        return seconds;
    }

    static double rssMegabytes(long pid) {
        try {
            Matcher matcher = RSS.matcher(Files.readString(Path.of("/proc/" + pid + "/status")));
            return matcher.find() ? Long.parseLong(matcher.group(1)) / 1024.0 : Double.NaN;
        } catch (IOException e) {
            return Double.NaN;
        }
    }
}
