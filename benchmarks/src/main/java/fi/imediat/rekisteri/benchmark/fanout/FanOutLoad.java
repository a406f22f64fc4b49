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
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The load of the fan-out benchmark, also used by the footprint benchmark: consent withdrawals or account closures
 * through REST at a fixed rate (open model), one per customer, each answered with the event id to follow.
 */
public final class FanOutLoad {

    /** One answered request: its event, when it was due, and when its HTTP 200 arrived (nano and wall clock). */
    public record Answered(UUID eventId, long dueNanos, long okNanos, long okEpochMillis) {
    }

    /**
     * @param rest the response time of the REST call from when it was due (so a late send counts)
     */
    public record Phase(OpenModelLoad.Issued issued, List<Answered> answered, int failed, Latencies rest,
                        long lastOkNanos) {

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
        String token = context.tokens().user(Tokens.AGENT);
        Function<UUID, CompletableFuture<HttpResponse<String>>> request = switch (kind) {
            case WITHDRAWAL -> {
                String base = context.stack().service("consent-service").baseUrl() + "/customers/";
                String path = "/consents/" + CustomerDataset.GRANTED_PURPOSE + "/" + CustomerDataset.GRANTED_CHANNEL;
                String body = "{\"status\":\"WITHDRAWN\",\"evidence\":{\"source\":\"WEB_FORM\"}}";
                yield id -> rest.sendAsync("PUT", base + id + path, token, body);
            }
            case CLOSURE -> {
                String base = context.stack().service("customer-service").baseUrl() + "/customers/";
                String body = "{\"reason\":\"RELATIONSHIP_ENDED\"}";
                yield id -> rest.sendAsync("POST", base + id + "/closure", token, body);
            }
        };
        Queue<Answered> answered = new ConcurrentLinkedQueue<>();
        Queue<CompletableFuture<?>> pending = new ConcurrentLinkedQueue<>();
        AtomicInteger failed = new AtomicInteger();
        Latencies latencies = new Latencies();
        long[] lastOk = {0};
        int limit = Math.min(customers.size(), (int) (rate * duration.toMillis() / 1000));
        OpenModelLoad.Issued issued = OpenModelLoad.run(rate, Duration.ofMillis(limit * 1000L / rate), (i, due) -> {
            pending.add(request.apply(customers.get(i)).whenComplete((response, error) -> {
                long now = System.nanoTime();
                UUID eventId = error == null && response.statusCode() == 200 ? Rest.uuid(response.body(), "eventId")
                        : null;
                if (eventId == null) {
                    failed.incrementAndGet();
                    return;
                }
                latencies.record(now - due);
                answered.add(new Answered(eventId, due, now, System.currentTimeMillis()));
                synchronized (lastOk) {
                    lastOk[0] = Math.max(lastOk[0], now);
                }
            }));
        });
        pending.forEach(f -> f.exceptionally(e -> null).join());
        return new Phase(issued, List.copyOf(answered), failed.get(), latencies, lastOk[0]);
    }
}
