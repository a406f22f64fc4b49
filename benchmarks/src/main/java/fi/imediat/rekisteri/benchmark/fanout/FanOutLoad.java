package fi.imediat.rekisteri.benchmark.fanout;

import fi.imediat.rekisteri.benchmark.BenchmarkContext;
import fi.imediat.rekisteri.benchmark.data.CustomerDataset;
import fi.imediat.rekisteri.benchmark.load.Latencies;
import fi.imediat.rekisteri.benchmark.load.OpenModelLoad;
import fi.imediat.rekisteri.benchmark.load.Rest;
import fi.imediat.rekisteri.testsupport.Tokens;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The load of the fan-out benchmark, also used by the footprint benchmark: consent withdrawals or account closures
 * through REST at a fixed rate (open model), one per customer, each answered with the event id to follow.
 * <p>
 * It behaves as a well-behaved I-Mediat caller does: at most {@link #CONNECTIONS} requests in flight (a request
 * due while all are busy waits for one, and its wait counts in its latency), and a {@code 503} with
 * {@code Retry-After} is a refusal, sent again after the time it names until it is answered. A refusal is counted,
 * not a failure; a failure is anything else that is not a 200 (or a request that gave up after
 * {@link #MAX_ATTEMPTS}).
 */
public final class FanOutLoad {

    /** The caller's connection cap, as an HTTP client pool would have. */
    static final int CONNECTIONS = 64;
    private static final int MAX_ATTEMPTS = 30;

    /** One answered request: its event, when it was due, and when its HTTP 200 arrived (nano and wall clock). */
    public record Answered(UUID eventId, long dueNanos, long okNanos, long okEpochMillis) {
    }

    /**
     * @param rest    the response time of the REST call from when it was first due (so waits and retries count)
     * @param failures what the failed requests ended with: an HTTP status, or the exception of the call
     * @param refused how many 503 + {@code Retry-After} answers came before the 200s (a request may be refused more
     *                than once); {@code refusedRequests} how many requests were refused at least once
     */
    public record Phase(OpenModelLoad.Issued issued, List<Answered> answered, Map<String, Integer> failures,
                        int refused, int refusedRequests, Latencies rest, Latencies refusalLatency, long lastOkNanos) {

        /** Requests that ended in neither a 200 nor a refusal. */
        public int failed() {
            return failures.values().stream().mapToInt(Integer::intValue).sum();
        }

        /** HTTP 200s per second from the first send to the last answer. */
        public double achievedPerSecond() {
            return answered.size() / Math.max(1e-9, (lastOkNanos - issued.startNanos()) / 1e9);
        }
    }

    public enum Kind {
        WITHDRAWAL, CLOSURE
    }

    private FanOutLoad() {
    }

    /** Requests of {@code kind} for {@code customers} (one each, at most rate × duration) at {@code rate} per second. */
    public static Phase run(BenchmarkContext context, Rest rest, Kind kind, List<UUID> customers, int rate,
            Duration duration) {
        // Asked for at every send: an overloaded phase with its retries outlasts one token (5 minutes), and the
        // requests sent after its expiry came back 401 (counted as failed in the runs of 2026-12-06 and -07).
        Supplier<String> token = () -> context.tokens().user(Tokens.AGENT);
        Function<UUID, CompletableFuture<HttpResponse<String>>> request = switch (kind) {
            case WITHDRAWAL -> {
                String base = context.stack().service("consent-service").baseUrl() + "/customers/";
                String path = "/consents/" + CustomerDataset.GRANTED_PURPOSE + "/" + CustomerDataset.GRANTED_CHANNEL;
                String body = "{\"status\":\"WITHDRAWN\",\"evidence\":{\"source\":\"WEB_FORM\"}}";
                yield id -> rest.sendAsync("PUT", base + id + path, token.get(), body);
            }
            case CLOSURE -> {
                String base = context.stack().service("customer-service").baseUrl() + "/customers/";
                String body = "{\"reason\":\"RELATIONSHIP_ENDED\"}";
                yield id -> rest.sendAsync("POST", base + id + "/closure", token.get(), body);
            }
        };
        Run run = new Run(request);
        int limit = Math.min(customers.size(), (int) (rate * duration.toMillis() / 1000));
        OpenModelLoad.Issued issued = OpenModelLoad.run(rate, Duration.ofMillis(limit * 1000L / rate),
                (i, due) -> run.send(customers.get(i), due, 1));
        run.awaitAll();
        return new Phase(issued, List.copyOf(run.answered), run.failures(), run.refused.get(),
                run.refusedRequests.get(), run.latencies, run.refusalLatencies, run.lastOk());
    }

    /** The requests of one phase: sends, retries after refusals, and what came back. */
    private static final class Run {
        final Function<UUID, CompletableFuture<HttpResponse<String>>> request;
        final Semaphore connections = new Semaphore(CONNECTIONS);
        final ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "fan-out-load");
            thread.setDaemon(true);
            return thread;
        });
        final Queue<Answered> answered = new ConcurrentLinkedQueue<>();
        final AtomicInteger outstanding = new AtomicInteger();
        final Map<String, AtomicInteger> failureReasons = new ConcurrentHashMap<>();
        final AtomicInteger refused = new AtomicInteger();
        final AtomicInteger refusedRequests = new AtomicInteger();
        final Latencies latencies = new Latencies();
        final Latencies refusalLatencies = new Latencies();
        private long lastOk;

        Run(Function<UUID, CompletableFuture<HttpResponse<String>>> request) {
            this.request = request;
        }

        void send(UUID customer, long due, int attempt) {
            if (attempt == 1) {
                outstanding.incrementAndGet();
            }
            if (!connections.tryAcquire()) {
                // All connections busy: wait on the scheduler's thread, never on the load's clock.
                later.execute(() -> {
                    connections.acquireUninterruptibly();
                    dispatch(customer, due, attempt);
                });
                return;
            }
            dispatch(customer, due, attempt);
        }

        private void dispatch(UUID customer, long due, int attempt) {
            long sent = System.nanoTime();
            CompletableFuture<HttpResponse<String>> sending;
            try {
                sending = request.apply(customer);
            } catch (RuntimeException notSent) {
                // Not sent at all (no token from Keycloak): a failure of this request, never one that stays
                // outstanding and holds a connection for ever.
                sending = CompletableFuture.failedFuture(notSent);
            }
            sending.whenComplete((response, error) -> {
                connections.release();
                long now = System.nanoTime();
                if (error == null && response.statusCode() == 503
                        && response.headers().firstValue("Retry-After").isPresent() && attempt < MAX_ATTEMPTS) {
                    refusalLatencies.record(now - sent);
                    refused.incrementAndGet();
                    if (attempt == 1) {
                        refusedRequests.incrementAndGet();
                    }
                    long seconds = Long.parseLong(response.headers().firstValue("Retry-After").get().trim());
                    later.schedule(() -> send(customer, due, attempt + 1), seconds, TimeUnit.SECONDS);
                    return;
                }
                UUID eventId = error == null && response.statusCode() == 200
                        ? Rest.uuid(response.body(), "eventId") : null;
                if (eventId == null) {
                    String reason = error != null ? error.getClass().getSimpleName()
                            : response.statusCode() == 503 ? "503 at attempt " + attempt
                            : "HTTP " + response.statusCode();
                    failureReasons.computeIfAbsent(reason, r -> new AtomicInteger()).incrementAndGet();
                } else {
                    latencies.record(now - due);
                    answered.add(new Answered(eventId, due, now, System.currentTimeMillis()));
                    synchronized (this) {
                        lastOk = Math.max(lastOk, now);
                    }
                }
                synchronized (outstanding) {
                    outstanding.decrementAndGet();
                    outstanding.notifyAll();
                }
            });
        }

        Map<String, Integer> failures() {
            Map<String, Integer> counts = new TreeMap<>();
            failureReasons.forEach((reason, count) -> counts.put(reason, count.get()));
            return counts;
        }

        void awaitAll() {
            synchronized (outstanding) {
                while (outstanding.get() > 0) {
                    try {
                        outstanding.wait(100);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(e);
                    }
                }
            }
            later.shutdownNow();
        }

        synchronized long lastOk() {
            return lastOk;
        }
    }
}
