package fi.imediat.rekisteri.benchmark.soak;

import fi.imediat.rekisteri.infra.LocalStack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Each JVM's resident memory (VmRSS of {@code /proc/<pid>/status}, with its child processes') sampled through the run. A killed or restarted
 * process is a new lifetime: growth is judged within one lifetime, from its first sample after warming up to its
 * last.
 */
final class MemorySamples {

    private static final Pattern RSS = Pattern.compile("VmRSS:\\s+(\\d+) kB");

    /** One sample: minutes into the run, the process and its RSS. */
    record Sample(double minute, String process, long pid, double megabytes) {
    }

    private final Map<String, LongSupplier> processes = new LinkedHashMap<>();
    private final List<Sample> samples = new ArrayList<>();
    private final long started = System.nanoTime();

    MemorySamples(LocalStack stack) {
        for (String service : List.of("customer-service", "consent-service", "retention-service")) {
            processes.put(service, () -> stack.service(service).pid());
        }
        processes.put("kafka", () -> stack.kafka().pid());
        processes.put("keycloak", () -> stack.keycloak().pid());
    }

    synchronized void sample() {
        double minute = (System.nanoTime() - started) / 60e9;
        processes.forEach((name, pid) -> {
            try {
                long id = pid.getAsLong();
                // Keycloak's pid is its launch script's: its JVM is a child.
                long kilobytes = rssKilobytes(id) + ProcessHandle.of(id).stream().flatMap(ProcessHandle::descendants)
                        .mapToLong(child -> rssKilobytes(child.pid())).sum();
                if (kilobytes > 0) {
                    samples.add(new Sample(minute, name, id, kilobytes / 1024.0));
                }
            } catch (RuntimeException processGone) {
                // Down for a fault at this moment: no sample.
            }
        });
    }

    private static long rssKilobytes(long pid) {
        try {
            Matcher rss = RSS.matcher(Files.readString(Path.of("/proc/" + pid + "/status")));
            return rss.find() ? Long.parseLong(rss.group(1)) : 0;
        } catch (IOException gone) {
            return 0;
        }
    }

    /** Per process and lifetime: samples, first after {@code warmUp}, peak and last RSS; and every sample. */
    synchronized String report(Duration warmUp) {
        StringBuilder out = new StringBuilder();
        Map<String, List<Sample>> lifetimes = new LinkedHashMap<>();
        for (Sample sample : samples) {
            lifetimes.computeIfAbsent(sample.process() + " (pid " + sample.pid() + ")", k -> new ArrayList<>())
                    .add(sample);
        }
        out.append(String.format("  %-34s %7s %9s %9s %9s %9s%n", "process (lifetime)", "minutes", "first MiB",
                "warm MiB", "peak MiB", "last MiB"));
        lifetimes.forEach((lifetime, list) -> {
            Sample first = list.get(0);
            Sample last = list.get(list.size() - 1);
            Sample warm = list.stream().filter(s -> s.minute() >= first.minute() + warmUp.toSeconds() / 60.0)
                    .findFirst().orElse(last);
            double peak = list.stream().mapToDouble(Sample::megabytes).max().orElse(0);
            out.append(String.format("  %-34s %3.0f-%-3.0f %9.0f %9.0f %9.0f %9.0f%n", lifetime, first.minute(),
                    last.minute(), first.megabytes(), warm.megabytes(), peak, last.megabytes()));
        });
        return out.toString();
    }

    synchronized String csv() {
        StringBuilder out = new StringBuilder("minute,process,pid,rss_mib\n");
        samples.forEach(s -> out.append(String.format("%.2f,%s,%d,%.1f%n", s.minute(), s.process(), s.pid(),
                s.megabytes())));
        return out.toString();
    }
}
