package fi.imediat.rekisteri.benchmark.load;

import fi.imediat.rekisteri.infra.LocalStack;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The CPU time each process of the stack used between two readings: where the machine's two cores went during a
 * phase, divided by what the phase did, so a figure per second can be read as milliseconds of CPU per operation and
 * compared with the 2,000 ms two cores have in a second. Read before a phase and after the services have applied
 * what it left on the topics, it counts the whole of each operation, consumers included.
 * <p>
 * PostgreSQL counts its postmaster and every backend alive at the reading (a backend that ended in between takes its
 * time with it; the services' connection pools keep theirs open). The load driver is this JVM: shown, but not part
 * of the system's total.
 */
public final class StackCpu {

    public static final String DRIVER = "load driver";

    /** CPU time per process since it started, at one moment. */
    public record Reading(Map<String, Duration> byProcess) {
    }

    /** Milliseconds of CPU per operation, per process, and the system's total (the driver left out). */
    public record PerOperation(Map<String, Double> millisByProcess, double systemMillis) {

        @Override
        public String toString() {
            return millisByProcess.entrySet().stream()
                    .map(e -> e.getKey() + " " + String.format("%.2f", e.getValue()))
                    .collect(Collectors.joining(", ")) + String.format("; system %.2f ms", systemMillis);
        }
    }

    private StackCpu() {
    }

    public static Reading read(LocalStack stack, List<String> services) {
        Map<String, Duration> cpu = new LinkedHashMap<>();
        for (String service : services) {
            cpu.put(service, cpuOf(ProcessHandle.of(stack.service(service).pid()).stream()));
        }
        cpu.put("Kafka", cpuOf(ProcessHandle.of(stack.kafka().pid()).stream()));
        cpu.put("PostgreSQL", cpuOf(ProcessHandle.of(stack.postgres().pid())
                .map(postmaster -> Stream.concat(Stream.of(postmaster), postmaster.descendants()))
                .orElse(Stream.empty())));
        cpu.put("Keycloak", cpuOf(ProcessHandle.of(stack.keycloak().pid()).stream()));
        cpu.put(DRIVER, cpuOf(Stream.of(ProcessHandle.current())));
        return new Reading(cpu);
    }

    public static PerOperation perOperation(Reading before, Reading after, long operations) {
        Map<String, Double> millis = new LinkedHashMap<>();
        double system = 0;
        for (Map.Entry<String, Duration> end : after.byProcess().entrySet()) {
            Duration start = before.byProcess().getOrDefault(end.getKey(), Duration.ZERO);
            double perOperation = end.getValue().minus(start).toNanos() / 1e6 / Math.max(1, operations);
            millis.put(end.getKey(), perOperation);
            if (!end.getKey().equals(DRIVER)) {
                system += perOperation;
            }
        }
        return new PerOperation(millis, system);
    }

    private static Duration cpuOf(Stream<ProcessHandle> processes) {
        return processes.map(p -> p.info().totalCpuDuration())
                .flatMap(Optional::stream)
                .reduce(Duration.ZERO, Duration::plus);
    }
}
