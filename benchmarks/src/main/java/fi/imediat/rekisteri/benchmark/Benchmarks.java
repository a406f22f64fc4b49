package fi.imediat.rekisteri.benchmark;

import fi.imediat.rekisteri.benchmark.data.DataGeneratorBenchmark;
import fi.imediat.rekisteri.benchmark.eligibility.EligibilityBenchmark;
import fi.imediat.rekisteri.benchmark.fanout.FanOutBenchmark;
import fi.imediat.rekisteri.benchmark.footprint.FootprintBenchmark;
import fi.imediat.rekisteri.benchmark.sweep.SweepBenchmark;
import fi.imediat.rekisteri.benchmark.writes.WriteThroughputBenchmark;

import java.util.List;
import java.util.Set;

/**
 * Every benchmark, in the order they run: footprint first (its "idle" is the services as started), eligibility next
 * (its whole register is then its own million, not the other benchmarks' customers too), fan-out after the
 * lighter ones (its highest rate may overload the services beyond what those need), the erasure sweep last (a run
 * that gives up leaves the services erasing for a long time after).
 */
public final class Benchmarks {

    private Benchmarks() {
    }

    public static List<Benchmark> all() {
        return List.of(
                new FootprintBenchmark(),
                new EligibilityBenchmark(),
                new DataGeneratorBenchmark(),
                new WriteThroughputBenchmark(),
                new FanOutBenchmark(),
                new SweepBenchmark());
    }

    /** Runs {@code only} those named (all when empty) against the context's stack. */
    public static BenchmarkReport run(BenchmarkContext context, Set<String> only) throws Exception {
        BenchmarkReport report = new BenchmarkReport(context.scale());
        for (Benchmark benchmark : all()) {
            if (only.isEmpty() || only.contains(benchmark.name())) {
                System.out.println("Benchmark " + benchmark.name() + " (" + context.scale().name() + ") ...");
                try {
                    benchmark.run(context, report);
                } catch (Exception | Error e) {
                    // The figures measured so far, and the other benchmarks', are still worth writing.
                    report.failed(benchmark.name(), e);
                }
            }
        }
        return report;
    }
}
