package fi.imediat.rekisteri.benchmark.data;

import fi.imediat.rekisteri.benchmark.Benchmark;
import fi.imediat.rekisteri.benchmark.BenchmarkContext;
import fi.imediat.rekisteri.benchmark.BenchmarkReport;
import fi.imediat.rekisteri.benchmark.Figure;

/** How fast {@link CustomerDataset} loads the eligibility benchmark's audience size (the issue: 1M in under a minute). */
public final class DataGeneratorBenchmark implements Benchmark {

    @Override
    public String name() {
        return "data";
    }

    @Override
    public void run(BenchmarkContext context, BenchmarkReport report) {
        int count = context.scale().eligibilityCustomers();
        long start = System.nanoTime();
        CustomerDataset.load(context, "generator", count);
        double seconds = (System.nanoTime() - start) / 1e9;
        // The target is for a million; a smoke-sized load is all fixed costs and says nothing about it.
        boolean targeted = count >= 1_000_000;
        report.add(new Figure(name(), "load " + count + " customers (COPY)", seconds, "s", null, Double.NaN,
                targeted ? "< 60 s for 1,000,000" : null, targeted ? seconds < 60 : null));
        report.add(new Figure(name(), "customers loaded per second", count / seconds, "1/s", null, Double.NaN,
                null, null));
    }
}
