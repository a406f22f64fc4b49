package fi.imediat.rekisteri.platform.time;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** The system's UTC clock, moved forward by however much tests or a simulation have advanced it; never back. */
public final class MovableClock extends Clock {

    private final AtomicReference<Duration> movedBy = new AtomicReference<>(Duration.ZERO);

    /** @throws IllegalArgumentException for a negative amount: what has happened stays in the past */
    public void advance(Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("time only moves forward");
        }
        movedBy.accumulateAndGet(by, Duration::plus);
    }

    public Duration movedBy() {
        return movedBy.get();
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(movedBy.get());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    /** The same moved time, read in another zone (Helsinki's days for deadlines). */
    @Override
    public Clock withZone(ZoneId zone) {
        MovableClock moved = this;
        return new Clock() {
            @Override
            public Instant instant() {
                return moved.instant();
            }

            @Override
            public ZoneId getZone() {
                return zone;
            }

            @Override
            public Clock withZone(ZoneId other) {
                return moved.withZone(other);
            }
        };
    }
}
