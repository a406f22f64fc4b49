package fi.imediat.rekisteri.benchmark.load;

import java.util.Arrays;

/** Recorded latencies in nanoseconds and their percentiles in milliseconds (exact: every sample is kept). */
public final class Latencies {

    private long[] samples = new long[1024];
    private int size;

    public synchronized void record(long nanos) {
        if (size == samples.length) {
            samples = Arrays.copyOf(samples, size * 2);
        }
        samples[size++] = Math.max(0, nanos);
    }

    public synchronized int count() {
        return size;
    }

    /** The {@code p}-th percentile (0 < p ≤ 100) in ms, nearest rank; NaN without samples. */
    public synchronized double percentileMillis(double p) {
        if (size == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(samples, size);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100 * size);
        return sorted[Math.min(size, Math.max(1, rank)) - 1] / 1e6;
    }

    public double maxMillis() {
        return percentileMillis(100);
    }
}
