package fi.imediat.rekisteri.benchmark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Collects the figures of a run and writes them as JSON and as a readable summary. */
public final class BenchmarkReport {

    private final Scale scale;
    private final Instant started = Instant.now();
    private final List<Figure> figures = new ArrayList<>();
    private final Map<String, String> machine = new LinkedHashMap<>();
    private final Map<String, String> failures = new LinkedHashMap<>();

    public BenchmarkReport(Scale scale) {
        this.scale = scale;
        machine.put("cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        machine.put("java", System.getProperty("java.vendor") + " " + System.getProperty("java.version"));
        machine.put("memoryMb", Long.toString(totalMemoryMb()));
        machine.put("loadAverageAtStart", loadAverage());
    }

    public synchronized void add(Figure figure) {
        figures.add(figure);
        System.out.println("  " + line(figure));
    }

    /** A benchmark that ended with {@code failure}: what it measured before stays in the report. */
    public synchronized void failed(String benchmark, Throwable failure) {
        failures.put(benchmark, failure.toString());
        System.out.println("  FAILED: " + failure);
        failure.printStackTrace(System.out);
    }

    /** Benchmark name → why it failed; empty when every benchmark ran to its end. */
    public synchronized Map<String, String> failures() {
        return Map.copyOf(failures);
    }

    public synchronized List<Figure> figures() {
        return List.copyOf(figures);
    }

    public synchronized String summary() {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
                "Rekisteri benchmarks (%s scale, %s, %s cores, %s MB, %s; load average %s at start, %s now)%n",
                scale.name(), started, machine.get("cores"), machine.get("memoryMb"), machine.get("java"),
                machine.get("loadAverageAtStart"), loadAverage()));
        String current = null;
        for (Figure figure : figures) {
            if (!figure.benchmark().equals(current)) {
                current = figure.benchmark();
                out.append(System.lineSeparator()).append(current).append(System.lineSeparator());
            }
            out.append("  ").append(line(figure)).append(System.lineSeparator());
        }
        failures.forEach((benchmark, failure) -> out.append(System.lineSeparator()).append(benchmark)
                .append(" FAILED: ").append(failure).append(System.lineSeparator()));
        return out.toString();
    }

    /** Writes {@code results.json} and {@code summary.txt} into {@code directory}. */
    public synchronized void write(Path directory) {
        machine.put("loadAverageAtEnd", loadAverage());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("scale", scale.name());
        json.put("started", started.toString());
        json.put("machine", machine);
        json.put("figures", figures);
        json.put("failures", failures);
        try {
            Files.createDirectories(directory);
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValue(directory.resolve("results.json").toFile(), json);
            Files.writeString(directory.resolve("summary.txt"), summary());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String line(Figure figure) {
        String value = String.format(Locale.ROOT, "%-62s %10.1f %-4s", figure.name(), figure.value(), figure.unit());
        String baseline = figure.baselineName() == null ? ""
                : String.format(Locale.ROOT, "   baseline %s %.1f %s (%.3g×)", figure.baselineName(),
                        figure.baseline(), figure.unit(), figure.value() / figure.baseline());
        String target = figure.target() == null ? ""
                : "   target " + figure.target() + (figure.targetMet() ? " met" : " MISSED");
        return value + baseline + target;
    }

    /** The 1, 5 and 15 minute load averages: how busy the shared machine was, so figures can be read with it. */
    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static long totalMemoryMb() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal:"))
                    .map(l -> Long.parseLong(l.replaceAll("\\D", "")) / 1024).findFirst().orElse(-1L);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
