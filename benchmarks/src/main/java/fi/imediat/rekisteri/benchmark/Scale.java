package fi.imediat.rekisteri.benchmark;

import java.time.Duration;

/**
 * How big a run is. {@link #FULL} is the sizes; {@link #SMOKE} runs every benchmark end to end in seconds so
 * that the test suite notices when one breaks (its figures mean nothing).
 */
public record Scale(String name, int eligibilityCustomers, int sweepCustomers, Duration fanOutDuration,
                    int[] fanOutRatesPerSecond, int closureRatePerSecond, Duration writeDuration,
                    boolean startEachServiceAlone) {

    /** Withdrawals at 500/s and 1,000/s for 60 s each (issue 16), closures at 200/s. */
    public static final Scale FULL = new Scale("full", 1_000_000, 100_000, Duration.ofSeconds(60),
            new int[] {500, 1_000}, 200, Duration.ofSeconds(30), true);

    /** The footprint measures the services as started: stopping and starting each again would add minutes. */
    public static final Scale SMOKE = new Scale("smoke", 2_000, 200, Duration.ofSeconds(2),
            new int[] {20}, 20, Duration.ofSeconds(2), false);

    public static Scale named(String name) {
        return switch (name) {
            case "full" -> FULL;
            case "smoke" -> SMOKE;
            default -> throw new IllegalArgumentException("benchmark.scale must be full or smoke, not " + name);
        };
    }
}
