package fi.imediat.rekisteri.platform.time;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.Clock;

/**
 * The one clock every time-driven rule reads (retention, deadlines, planned ends, expiries): the system's UTC
 * clock, or with {@code rekisteri.time.movable} a {@link MovableClock} that tests and a simulation move forward.
 * The database's own {@code now()} is left to bookkeeping (when a row was written) and to the audit trail's
 * retention, which the database enforces by its own clock on purpose: no application clock can make it delete early.
 */
@Singleton
class Clocks {

    private final Clock clock;

    Clocks(TimeConfig config) {
        clock = config.movable() ? new MovableClock() : Clock.systemUTC();
    }

    @Produces
    @Singleton
    Clock clock() {
        return clock;
    }
}
