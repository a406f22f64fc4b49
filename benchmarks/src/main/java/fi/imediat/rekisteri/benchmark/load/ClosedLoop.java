package fi.imediat.rekisteri.benchmark.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A closed-model load for throughput: {@code workers} threads, each doing one request after another (one
 * connection each) for the duration. Here the question is how many the system completes per second, not latency.
 */
public final class ClosedLoop {

    /** One request of a worker; returns whether it succeeded. */
    @FunctionalInterface
    public interface Work {
        boolean call(int worker, int sequence) throws Exception;
    }

    /** Completed requests per second, their latencies, and how many failed. */
    public record Throughput(int completed, int failed, double perSecond, Latencies latencies) {
    }

    private ClosedLoop() {
    }

    public static Throughput run(int workers, Duration duration, Work work) throws InterruptedException {
        AtomicInteger completed = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        Latencies latencies = new Latencies();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            int worker = w;
            Thread thread = new Thread(() -> {
                for (int sequence = 0; System.nanoTime() < end; sequence++) {
                    long before = System.nanoTime();
                    boolean ok;
                    try {
                        ok = work.call(worker, sequence);
                    } catch (Exception e) {
                        ok = false;
                    }
                    if (ok) {
                        latencies.record(System.nanoTime() - before);
                        completed.incrementAndGet();
                    } else {
                        failed.incrementAndGet();
                    }
                }
            }, "closed-loop-" + w);
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Throughput(completed.get(), failed.get(), completed.get() / seconds, latencies);
    }
}
