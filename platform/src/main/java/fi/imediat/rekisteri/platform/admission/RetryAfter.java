package fi.imediat.rekisteri.platform.admission;

import java.util.Random;
import java.util.function.LongSupplier;

/**
 * How long a refused caller is told to wait ({@code Retry-After}). With a fixed second, every caller refused in one
 * second came back together in the next, on top of the new requests, and was refused again: under a burst the
 * refusals fed themselves. So the callers refused in the last whole second are spread over as many seconds as the
 * replica needs to serve them at the rate it completed requests in that second, each told a whole number of seconds
 * drawn at random from that range, never less than the configured least wait nor more than the configured most.
 */
final class RetryAfter {

    private static final long SECOND = 1_000_000_000L;

    private final long leastSeconds;
    private final long mostSeconds;
    private final LongSupplier nanoTime;
    private final Random random;
    private long second;
    private long refusedThisSecond;
    private long completedThisSecond;
    private long refusedLastSecond;
    private long completedLastSecond;

    RetryAfter(long leastSeconds, long mostSeconds, LongSupplier nanoTime, Random random) {
        this.leastSeconds = leastSeconds;
        this.mostSeconds = Math.max(leastSeconds, mostSeconds);
        this.nanoTime = nanoTime;
        this.random = random;
        this.second = nanoTime.getAsLong() / SECOND;
    }

    long leastSeconds() {
        return leastSeconds;
    }

    long mostSeconds() {
        return mostSeconds;
    }

    /** A request was answered: the replica's pace. */
    synchronized void completed() {
        advance();
        completedThisSecond++;
    }

    /** A request is refused: the seconds to tell its caller. */
    synchronized long refused() {
        advance();
        refusedThisSecond++;
        long needed = (refusedLastSecond + Math.max(1, completedLastSecond) - 1) / Math.max(1, completedLastSecond);
        long spread = Math.min(mostSeconds, Math.max(leastSeconds, needed));
        return leastSeconds + (spread == leastSeconds ? 0 : random.nextInt((int) (spread - leastSeconds + 1)));
    }

    private void advance() {
        long now = nanoTime.getAsLong() / SECOND;
        if (now != second) {
            // A gap of more than a second means nothing happened in the last one.
            refusedLastSecond = now == second + 1 ? refusedThisSecond : 0;
            completedLastSecond = now == second + 1 ? completedThisSecond : 0;
            refusedThisSecond = 0;
            completedThisSecond = 0;
            second = now;
        }
    }
}
