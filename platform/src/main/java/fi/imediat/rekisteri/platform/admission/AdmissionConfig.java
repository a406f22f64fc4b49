package fi.imediat.rekisteri.platform.admission;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * How many REST requests a replica works on at once, and how long one may wait for a place before it is refused
 * with {@code 503} and {@code Retry-After} ({@link AdmissionControl}). Environment overrides:
 * {@code REKISTERI_ADMISSION_MAX_CONCURRENT_REQUESTS} and so on.
 */
@ConfigMapping(prefix = "rekisteri.admission")
public interface AdmissionConfig {

    /**
     * Requests worked on at once. Each may hold a database connection, so this stays below the pool's
     * {@code quarkus.datasource.jdbc.max-size} by what the consumers and the outbox relay need (docs/operations.md).
     */
    @WithDefault("16")
    int maxConcurrentRequests();

    /** Requests that may wait for a place; one more is refused at once. */
    @WithDefault("64")
    int maxQueuedRequests();

    /** How long a request may wait for a place before it is refused. */
    @WithDefault("50ms")
    Duration maxWait();

    /**
     * The least a refused caller is told to wait before retrying ({@code Retry-After}, whole seconds): what every
     * caller is told while refusals are rare.
     */
    @WithDefault("1s")
    Duration retryAfter();

    /**
     * The most a refused caller is told to wait. Under a burst, the callers refused in a second are told waits spread
     * up to as many seconds as the replica needs to serve them at its pace, within these two bounds.
     */
    @WithDefault("30s")
    Duration maxRetryAfter();
}
