package fi.imediat.rekisteri.benchmark;

import fi.imediat.rekisteri.benchmark.eligibility.EligibilityBenchmark;
import fi.imediat.rekisteri.benchmark.sweep.SweepBenchmark;

import java.util.List;
import java.util.Set;

/** Every benchmark, in the order they run. */
public final class Benchmarks {

    private Benchmarks() {
    }

    public static List<Benchmark> all() {
        return List.of(
                new EligibilityBenchmark(),
                new SweepBenchmark());
    }

    /** Runs {@code only} those named (all when empty) against the context's stack. */
    public static BenchmarkReport run(BenchmarkContext context, Set<String> only) throws Exception {
        BenchmarkReport report = new BenchmarkReport(context.scale());
        for (Benchmark benchmark : all()) {
            if (only.isEmpty() || only.contains(benchmark.name())) {
                System.out.println("Benchmark " + benchmark.name() + " (" + context.scale().name() + ") ...");
                benchmark.run(context, report);
            }
        }
        return report;
    }
}
