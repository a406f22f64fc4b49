package fi.imediat.rekisteri.benchmark.soak;

import fi.imediat.rekisteri.benchmark.load.Rest;
import fi.imediat.rekisteri.infra.LocalStack;
import fi.imediat.rekisteri.testsupport.TestPersonalData;
import fi.imediat.rekisteri.testsupport.Tokens;

import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The soak's load: what I-Mediat's systems and customer service do all day, at a steady rate, through the services'
 * REST interfaces: registrations, subscriptions, consent grants and withdrawals, prohibitions, closures and erasure
 * requests. A change counts as made when its service answered 2xx (it committed with its outbox row); a refusal
 * (a 503 while the database is away, a refused connection while a service is down) is counted apart, as a caller
 * would try again. The withdrawals, prohibitions and closures made are kept by event id, the erasure requests by
 * request id: the fan-out each must reach every holder.
 */
final class MixedLoad {

    /** Requests in flight at most; beyond it the tick is skipped (counted), not queued behind an outage. */
    static final int IN_FLIGHT = 16;

    private final LocalStack stack;
    private final Tokens tokens;
    private final Rest rest = new Rest();
    private final Random random;
    private final int perSecond;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
    private final ExecutorService workers = Executors.newCachedThreadPool();
    private final Semaphore inFlight = new Semaphore(IN_FLIGHT);

    private final List<UUID> active = new CopyOnWriteArrayList<>();
    private final List<UUID> closed = new CopyOnWriteArrayList<>();
    /** Events whose propagation to every holder is tracked (withdrawals, prohibitions, closures). */
    final List<UUID> trackedEvents = new CopyOnWriteArrayList<>();
    final List<UUID> erasureRequests = new CopyOnWriteArrayList<>();
    /** Per operation: made (2xx), and refused by answer (status code, or the exception's type). */
    final Map<String, AtomicInteger> made = new ConcurrentHashMap<>();
    final Map<String, AtomicInteger> refused = new ConcurrentHashMap<>();
    final AtomicInteger skipped = new AtomicInteger();

    MixedLoad(LocalStack stack, Tokens tokens, int perSecond, long seed) {
        this.stack = stack;
        this.tokens = tokens;
        this.perSecond = perSecond;
        this.random = new Random(seed);
    }

    void start() {
        ticker.scheduleAtFixedRate(this::tick, 0, 1_000_000 / perSecond, TimeUnit.MICROSECONDS);
    }

    void stop() throws InterruptedException {
        ticker.shutdownNow();
        ticker.awaitTermination(10, TimeUnit.SECONDS);
        workers.shutdown();
        workers.awaitTermination(2, TimeUnit.MINUTES);
    }

    private void tick() {
        if (!inFlight.tryAcquire()) {
            skipped.incrementAndGet();
            return;
        }
        double draw = random.nextDouble();
        UUID someone = pick(active);
        UUID closedOne = random.nextBoolean() ? pick(closed) : null;
        workers.execute(() -> {
            try {
                if (draw < 0.25 || someone == null) {
                    register();
                } else if (draw < 0.60) {
                    consent(someone, draw < 0.45 ? "GRANTED" : "WITHDRAWN");
                } else if (draw < 0.70) {
                    subscribe(someone);
                } else if (draw < 0.80) {
                    prohibit(someone);
                } else if (draw < 0.90) {
                    close(someone);
                } else {
                    erase(closedOne == null ? someone : closedOne);
                }
            } finally {
                inFlight.release();
            }
        });
    }

    private UUID pick(List<UUID> from) {
        int size = from.size();
        return size == 0 ? null : from.get(random.nextInt(size));
    }

    private void register() {
        HttpResponse<String> answer = call("register", "customer-service", "POST", "/customers",
                Map.of("firstName", TestPersonalData.FIRST_NAME, "lastName", TestPersonalData.LAST_NAME), 201);
        if (answer != null) {
            active.add(Rest.uuid(answer.body(), "id"));
        }
    }

    private void consent(UUID customer, String status) {
        HttpResponse<String> answer = call("consent " + status.toLowerCase(), "consent-service", "PUT",
                "/customers/" + customer + "/consents/DIRECT_MARKETING/EMAIL",
                Map.of("status", status, "evidence", Map.of("source", "WEB_FORM", "textVersion", "2026-01")), 200);
        UUID event = answer == null ? null : Rest.uuid(answer.body(), "eventId");
        if (event != null && status.equals("WITHDRAWN")) {
            trackedEvents.add(event);
        }
    }

    private void subscribe(UUID customer) {
        call("subscription", "customer-service", "POST", "/customers/" + customer + "/subscriptions",
                Map.of("productCode", "HS-DIGI", "startDate", LocalDate.now().toString()), 201);
    }

    private void prohibit(UUID customer) {
        HttpResponse<String> answer = call("prohibition", "consent-service", "POST",
                "/customers/" + customer + "/prohibitions",
                Map.of("scope", "DIRECT_MARKETING", "source", "CUSTOMER_SERVICE"), 201);
        if (answer != null && answer.statusCode() == 201) {
            trackedEvents.add(Rest.uuid(answer.body(), "addedEventId"));
        }
    }

    private void close(UUID customer) {
        HttpResponse<String> answer = call("closure", "customer-service", "POST",
                "/customers/" + customer + "/closure", Map.of("reason", "CUSTOMER_REQUEST"), 200);
        if (answer != null) {
            trackedEvents.add(Rest.uuid(answer.body(), "eventId"));
            active.remove(customer);
            closed.add(customer);
        }
    }

    private void erase(UUID customer) {
        HttpResponse<String> answer = call("erasure request", "retention-service", "POST", "/erasure-requests",
                Map.of("customerId", customer, "reason", "DATA_SUBJECT_REQUEST"), 202);
        if (answer != null) {
            erasureRequests.add(Rest.uuid(answer.body(), "id"));
            active.remove(customer);
            closed.remove(customer);
        }
    }

    /**
     * The answer when it was 2xx (counted as made; under its status when it is not the {@code expected} one, e.g. a
     * prohibition that stands already); else counted as refused, by status or "no answer", and null.
     */
    private HttpResponse<String> call(String operation, String service, String method, String path, Object body,
            int expected) {
        HttpResponse<String> answer;
        try {
            answer = rest.send(method, stack.service(service).baseUrl() + path, tokens.user(Tokens.AGENT),
                    Rest.json(body));
        } catch (RuntimeException noAnswer) {
            count(refused, operation + " (no answer: " + noAnswer.getClass().getSimpleName() + ")");
            return null;
        }
        if (answer.statusCode() / 100 == 2) {
            count(made, answer.statusCode() == expected ? operation : operation + " " + answer.statusCode());
            return answer;
        }
        count(refused, operation + " " + answer.statusCode());
        return null;
    }

    private static void count(Map<String, AtomicInteger> counts, String key) {
        counts.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
    }

    static String table(Map<String, AtomicInteger> counts) {
        List<String> lines = new ArrayList<>();
        new TreeMap<>(counts).forEach((key, value) -> lines.add(String.format("  %-52s %,8d", key, value.get())));
        return String.join("\n", lines);
    }
}
