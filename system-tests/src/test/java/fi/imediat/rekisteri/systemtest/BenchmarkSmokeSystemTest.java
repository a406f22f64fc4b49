package fi.imediat.rekisteri.systemtest;

import fi.imediat.rekisteri.benchmark.Benchmark;
import fi.imediat.rekisteri.benchmark.BenchmarkContext;
import fi.imediat.rekisteri.benchmark.BenchmarkReport;
import fi.imediat.rekisteri.benchmark.Benchmarks;
import fi.imediat.rekisteri.benchmark.Figure;
import fi.imediat.rekisteri.benchmark.Scale;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Issue 8: every benchmark runs end to end at smoke scale against the set, so that a benchmark that rots (a changed
 * endpoint, event or table) fails the build. Its figures mean nothing at this scale; only that each benchmark
 * produced them: every figure a positive number, every baseline too.
 */
@Order(60)
class BenchmarkSmokeSystemTest {

    @Test
    void everyBenchmarkProducesItsFiguresBesideTheirBaselines() throws Exception {
        BenchmarkReport report = Benchmarks.run(BenchmarkContext.of(TheSet.stack(), Scale.SMOKE), Set.of());

        List<String> problems = new ArrayList<>();
        report.failures().forEach((benchmark, failure) -> problems.add(benchmark + " failed: " + failure));
        for (Benchmark benchmark : Benchmarks.all()) {
            if (report.figures().stream().noneMatch(f -> f.benchmark().equals(benchmark.name()))) {
                problems.add(benchmark.name() + " produced no figure");
            }
        }
        for (Figure figure : report.figures()) {
            // A share may rightly be none (no request refused); any other figure must be a positive number.
            boolean noneOfAShare = "%".equals(figure.unit()) && figure.value() == 0;
            if (!(figure.value() > 0) && !noneOfAShare) {
                problems.add(figure.benchmark() + " / " + figure.name() + ": " + figure.value());
            }
            if (figure.baselineName() != null && !(figure.baseline() > 0)) {
                problems.add(figure.benchmark() + " / " + figure.name() + ": baseline " + figure.baseline());
            }
        }
        System.out.println(report.summary());
        assertFalse(report.figures().isEmpty(), "no figures at all");
        assertEquals(List.of(), problems);
    }
}
