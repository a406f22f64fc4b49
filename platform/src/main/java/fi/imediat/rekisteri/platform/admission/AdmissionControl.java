package fi.imediat.rekisteri.platform.admission;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import fi.imediat.rekisteri.platform.problem.Problem;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Random;

/**
 * Admission control for the REST side: at most {@link AdmissionConfig#maxConcurrentRequests()} requests are worked
 * on at once; a request that finds no place waits at most {@link AdmissionConfig#maxWait()} in a bounded queue, and
 * otherwise is answered {@code 503} problem+json with {@code Retry-After} at once ({@link RetryAfter}: longer, and
 * spread, while many are refused). Nothing of a refused request was started, so nothing was changed, and the caller
 * may simply send it again.
 * <p>
 * Without it a burst queued for tens of seconds in front of the worker pool and the connection pool, callers gave up
 * while the service kept working on their stale requests, and the event consumers starved behind them. The filter
 * runs on the event loop before authentication (priority above {@code SecurityHandlerPriorities.CORS}), so a
 * refusal costs neither a token verification nor a worker thread. Health, metrics and OpenAPI ({@code /q/}) are
 * never refused: an overloaded replica must still answer its probes.
 */
@ApplicationScoped
public class AdmissionControl {

    /** Before CORS (300) and authentication (200): a refused request costs no token verification. */
    static final int PRIORITY = 400;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A request waiting for a place, on the event-loop context it arrived on. */
    private static final class Waiter {
        final RoutingContext request;
        final Context context;
        /** Set just after it is queued; a timer that fires once it has its place finds it gone and does nothing. */
        volatile long timer = -1;

        Waiter(RoutingContext request, Context context) {
            this.request = request;
            this.context = context;
        }
    }

    private final AdmissionConfig config;
    private final Vertx vertx;
    private final Counter refused;
    private final RetryAfter retryAfter;
    /** The refusal's problem+json for each number of seconds it may tell, from the least wait on. */
    private final String[] refusals;
    private final Deque<Waiter> queue = new ArrayDeque<>();
    private int working;

    AdmissionControl(AdmissionConfig config, Vertx vertx, MeterRegistry registry) {
        this.config = config;
        this.vertx = vertx;
        this.retryAfter = new RetryAfter(wholeSeconds(config.retryAfter()), wholeSeconds(config.maxRetryAfter()),
                System::nanoTime, new Random());
        this.refusals = new String[(int) (retryAfter.mostSeconds() - retryAfter.leastSeconds() + 1)];
        for (int i = 0; i < refusals.length; i++) {
            refusals[i] = problemJson(retryAfter.leastSeconds() + i);
        }
        this.refused = Counter.builder("rekisteri.http.requests.refused")
                .description("REST requests refused with 503 because the replica was at capacity")
                .register(registry);
        Gauge.builder("rekisteri.http.requests.working", this, a -> a.snapshot()[0])
                .description("REST requests being worked on").register(registry);
        Gauge.builder("rekisteri.http.requests.queued", this, a -> a.snapshot()[1])
                .description("REST requests waiting for a place").register(registry);
    }

    void register(@Observes Filters filters) {
        filters.register(this::admit, PRIORITY);
    }

    /** Admits the request (it goes on to authentication and its resource), queues it, or refuses it. */
    void admit(RoutingContext request) {
        if (request.normalizedPath().startsWith("/q/")) {
            request.next();
            return;
        }
        Waiter waiter = null;
        boolean full = false;
        synchronized (this) {
            if (working < config.maxConcurrentRequests()) {
                working++;
            } else if (queue.size() < config.maxQueuedRequests()) {
                waiter = new Waiter(request, Vertx.currentContext());
                queue.addLast(waiter);
                // Its body waits with it, buffered, until it has a place (or is refused).
                request.request().pause();
            } else {
                full = true;
            }
        }
        if (full) {
            refuse(request);
        } else if (waiter == null) {
            start(request);
        } else {
            Waiter waiting = waiter;
            waiter.timer = vertx.setTimer(Math.max(1, config.maxWait().toMillis()), id -> giveUp(waiting));
        }
    }

    /** The request has its place: it gives it back when its response ends or its connection closes. */
    private void start(RoutingContext request) {
        if (request.response().ended() || request.response().closed()) {
            // The caller went away while waiting: the place goes to the next one.
            release();
            return;
        }
        request.addEndHandler(ended -> release());
        request.next();
    }

    private void release() {
        retryAfter.completed();
        Waiter next;
        synchronized (this) {
            next = queue.pollFirst();
            if (next == null) {
                working--;
                return;
            }
        }
        // The place passes straight to the longest-waiting request, on its own event loop.
        if (next.timer >= 0) {
            vertx.cancelTimer(next.timer);
        }
        // Still paused: whoever reads the body asks for it (RESTEasy Reactive fetches it on demand). Resuming here
        // would hand the buffered body to no one while authentication runs, and the resource would wait for it until
        // its read timed out.
        Waiter admitted = next;
        admitted.context.runOnContext(ignored -> start(admitted.request));
    }

    private void giveUp(Waiter waiter) {
        boolean stillWaiting;
        synchronized (this) {
            stillWaiting = queue.remove(waiter);
        }
        if (stillWaiting) {
            refuse(waiter.request);
        }
    }

    private void refuse(RoutingContext request) {
        refused.increment();
        // The body (if any) is not wanted: read and dropped, so the connection stays usable for the next request.
        request.request().resume();
        if (!request.response().ended() && !request.response().closed()) {
            long seconds = retryAfter.refused();
            request.response().setStatusCode(503)
                    .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                    .putHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds))
                    .end(refusals[(int) (seconds - retryAfter.leastSeconds())]);
        }
    }

    private synchronized int[] snapshot() {
        return new int[] {working, queue.size()};
    }

    private static long wholeSeconds(Duration duration) {
        return Math.max(1, (duration.toMillis() + 999) / 1000);
    }

    private static String problemJson(long retryAfterSeconds) {
        try {
            return JSON.writeValueAsString(Problem.of(503, "overloaded", "Service unavailable",
                    "The service is at capacity and did not start the request; nothing was changed. Retry after "
                            + retryAfterSeconds + " s.", List.of()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
