package fi.imediat.rekisteri.platform.admission;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Fast tier (no infrastructure): the {@code Retry-After} a refused caller is told, on a clock the test moves. */
class RetryAfterTest {

    private static final long SECOND = 1_000_000_000L;

    private final AtomicLong now = new AtomicLong(100 * SECOND);
    private final RetryAfter retryAfter = new RetryAfter(1, 30, now::get, new Random(7));

    @Test
    void withoutRefusalsInTheLastSecondItIsTheLeastWait() {
        assertEquals(1, retryAfter.refused());
        now.addAndGet(SECOND);
        assertEquals(1, retryAfter.refused(), "one refusal among completions needs no spreading");
    }

    @Test
    void callersRefusedTogetherAreSpreadOverTheSecondsTheReplicaNeedsForThem() {
        for (int i = 0; i < 400; i++) {
            retryAfter.refused();
        }
        for (int i = 0; i < 80; i++) {
            retryAfter.completed();
        }
        now.addAndGet(SECOND);
        TreeSet<Long> told = new TreeSet<>();
        for (int i = 0; i < 200; i++) {
            told.add(retryAfter.refused());
        }
        // 400 refused at 80 answered a second: five seconds' worth, every one of them drawn.
        assertEquals(new TreeSet<>(List.of(1L, 2L, 3L, 4L, 5L)), told);
    }

    @Test
    void aReplicaThatCompletedNothingTellsAtMostTheMostWaitAndForgetsAfterAQuietSecond() {
        for (int i = 0; i < 1_000; i++) {
            retryAfter.refused();
        }
        now.addAndGet(SECOND);
        TreeSet<Long> told = new TreeSet<>();
        for (int i = 0; i < 500; i++) {
            told.add(retryAfter.refused());
        }
        assertEquals(1, told.first());
        assertEquals(30, told.last());
        now.addAndGet(3 * SECOND);
        assertEquals(1, retryAfter.refused(), "the burst is over: nothing was refused in the last second");
    }
}
