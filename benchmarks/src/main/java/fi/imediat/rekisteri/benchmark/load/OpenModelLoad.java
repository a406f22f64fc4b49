package fi.imediat.rekisteri.benchmark.load;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * An open-model load: request {@code i} is issued at {@code start + i / rate} whether or not earlier ones have been
 * answered, so a slow system cannot slow the load down and hide its own latency (no coordinated omission). The
 * request action must not block: it starts an asynchronous call and returns.
 */
public final class OpenModelLoad {

    /** What was issued: how many and at what rate they actually went out. */
    public record Issued(int count, double ratePerSecond, long startNanos) {
    }

    /** Starts request {@code index}, due at {@code dueNanos} ({@link System#nanoTime()}), without blocking. */
    @FunctionalInterface
    public interface Request {
        void issue(int index, long dueNanos);
    }

    private OpenModelLoad() {
    }

    public static Issued run(int ratePerSecond, Duration duration, Request request) {
        int count = (int) (ratePerSecond * duration.toMillis() / 1000);
        double interval = 1e9 / ratePerSecond;
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            long due = start + (long) (i * interval);
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            request.issue(i, due);
        }
        double elapsed = Math.max(System.nanoTime() - start, interval * count) / 1e9;
        return new Issued(count, count / elapsed, start);
    }
}
