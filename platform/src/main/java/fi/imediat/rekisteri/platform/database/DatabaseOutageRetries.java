package fi.imediat.rekisteri.platform.database;

import fi.imediat.rekisteri.platform.lifecycle.ApplicationStopping;
import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import org.jboss.logging.Logger;

import java.time.Duration;

/**
 * Calls a {@link RetriedWhileDatabaseUnavailable} method again, with a growing pause, for as long as its failure
 * is {@link DatabaseFailures#transientFailure transient}. Any other failure passes through (to the dead-letter
 * topic). Its priority puts it outside {@code @Transactional}, so every attempt is a transaction of its own. Once
 * the service is {@linkplain ApplicationStopping stopping} nothing is retried: the pool is closing, and a stop must
 * not wait out the pauses.
 */
@RetriedWhileDatabaseUnavailable
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE)
public class DatabaseOutageRetries {

    private static final Logger LOG = Logger.getLogger(DatabaseOutageRetries.class);
    private static final Duration FIRST_PAUSE = Duration.ofMillis(100);
    private static final Duration LONGEST_PAUSE = Duration.ofSeconds(5);

    private final ApplicationStopping application;

    DatabaseOutageRetries(ApplicationStopping application) {
        this.application = application;
    }

    @AroundInvoke
    Object retry(InvocationContext invocation) throws Exception {
        Duration pause = FIRST_PAUSE;
        while (true) {
            try {
                return invocation.proceed();
            } catch (Exception e) {
                if (!DatabaseFailures.transientFailure(e) || application.stopping()) {
                    throw e;
                }
                LOG.warnf("%s: database unavailable (%s); the batch is applied again in %d ms",
                        invocation.getMethod().getName(), e.getClass().getSimpleName(), pause.toMillis());
                try {
                    Thread.sleep(pause.toMillis());
                } catch (InterruptedException shutdown) {
                    // Stopping while the database is away: the record fails as any other would.
                    Thread.currentThread().interrupt();
                    throw e;
                }
                pause = pause.multipliedBy(2).compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : pause.multipliedBy(2);
            }
        }
    }
}
