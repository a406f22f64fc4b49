package fi.imediat.rekisteri.benchmark;

/**
 * One whole-system benchmark: it measures its figure and, in the same run on the same machine, the raw PostgreSQL or
 * Kafka baseline it is compared with, so that the noise of a shared machine cancels out.
 */
public interface Benchmark {

    /** Short name used in the results file and with {@code -Dbenchmark.only=name,...}. */
    String name();

    void run(BenchmarkContext context, BenchmarkReport report) throws Exception;
}
