package fi.imediat.rekisteri.platform.admission;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fast tier (a Vert.x server in the test JVM; no Quarkus, database or broker): the admission filter in front of a
 * route that holds its requests until the test lets them go. Two places, a queue of one, a wait of 300 ms.
 */
class AdmissionControlTest {

    private static final int PLACES = 2;
    private static final Duration WAIT = Duration.ofMillis(300);

    private final Vertx vertx = Vertx.vertx();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final LinkedBlockingQueue<RoutingContext> held = new LinkedBlockingQueue<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private HttpServer server;

    @BeforeEach
    void start() throws Exception {
        AdmissionControl admission = new AdmissionControl(new AdmissionConfig() {
            @Override
            public int maxConcurrentRequests() {
                return PLACES;
            }

            @Override
            public int maxQueuedRequests() {
                return 1;
            }

            @Override
            public Duration maxWait() {
                return WAIT;
            }

            @Override
            public Duration retryAfter() {
                return Duration.ofSeconds(1);
            }

            @Override
            public Duration maxRetryAfter() {
                return Duration.ofSeconds(30);
            }
        }, vertx, registry);
        Router router = Router.router(vertx);
        // As Quarkus does, every request arrives paused: its body waits for whoever reads it.
        router.route().handler(rc -> {
            rc.request().pause();
            rc.next();
        });
        router.route().handler(admission::admit);
        router.route("/hold").handler(held::add);
        router.route("/q/health").handler(rc -> rc.response().end("UP"));
        // As in Quarkus, something asynchronous (authentication) runs between admission and the body's reader, which
        // then asks for the body.
        router.route("/echo").handler(rc -> vertx.setTimer(20, later -> {
            Buffer body = Buffer.buffer();
            rc.request().handler(body::appendBuffer).endHandler(end -> rc.response().end(body));
            rc.request().resume();
        }));
        server = vertx.createHttpServer().requestHandler(router).listen(0).toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aQueuedRequestKeepsItsWholeBodyAndRunsWhenAPlaceIsFreed() throws Exception {
        takeEveryPlace();
        String body = "x".repeat(200_000);
        CompletableFuture<HttpResponse<String>> queued = send("/echo", body);
        Thread.sleep(WAIT.toMillis() / 3);
        assertEquals(1.0, registry.get("rekisteri.http.requests.queued").gauge().value());

        held.take().response().end("done");
        HttpResponse<String> echoed = queued.get(5, TimeUnit.SECONDS);

        assertEquals(200, echoed.statusCode());
        assertEquals(body.length(), echoed.body().length(), "the body that arrived while it waited is all there");
        assertEquals(0.0, registry.get("rekisteri.http.requests.refused").counter().count());
    }

    @Test
    void beyondThePlacesAndTheQueueARequestIsRefusedAtOnceAndAQueuedOneAfterTheWait() throws Exception {
        takeEveryPlace();
        CompletableFuture<HttpResponse<String>> queued = send("/echo", "queued");
        Thread.sleep(WAIT.toMillis() / 3);

        long before = System.nanoTime();
        HttpResponse<String> overflow = send("/echo", "overflow").get(5, TimeUnit.SECONDS);
        long overflowMillis = (System.nanoTime() - before) / 1_000_000;
        assertRefused(overflow);
        assertTrue(overflowMillis < 100, "a full queue refuses at once, not after " + overflowMillis + " ms");

        HttpResponse<String> timedOut = queued.get(5, TimeUnit.SECONDS);
        assertRefused(timedOut);
        assertEquals(2.0, registry.get("rekisteri.http.requests.refused").counter().count());

        assertEquals("UP", send("/q/health", "").get(5, TimeUnit.SECONDS).body(), "probes are never refused");
        // The places are still the held requests': none was lost or given away.
        assertEquals((double) PLACES, registry.get("rekisteri.http.requests.working").gauge().value());
        while (!held.isEmpty()) {
            held.take().response().end("done");
        }
        assertEquals(200, send("/echo", "again").get(5, TimeUnit.SECONDS).statusCode());
        waitUntil(() -> registry.get("rekisteri.http.requests.working").gauge().value() == 0.0);
    }

    @Test
    void aPlaceComesBackWhenTheCallerGoesAway() throws Exception {
        takeEveryPlace();
        RoutingContext abandoned = held.take();
        abandoned.request().connection().close();
        waitUntil(() -> registry.get("rekisteri.http.requests.working").gauge().value() == PLACES - 1);
        assertEquals(200, send("/echo", "in").get(5, TimeUnit.SECONDS).statusCode());
    }

    private void takeEveryPlace() throws Exception {
        for (int i = 0; i < PLACES; i++) {
            send("/hold", "");
        }
        waitUntil(() -> held.size() == PLACES);
    }

    private static void assertRefused(HttpResponse<String> response) {
        assertEquals(503, response.statusCode());
        assertEquals("1", response.headers().firstValue("Retry-After").orElse(""));
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse(""));
        assertTrue(response.body().contains("/problems/overloaded"), response.body());
        assertFalse(response.body().contains("Exception"));
    }

    private CompletableFuture<HttpResponse<String>> send(String path, String body) {
        return http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + path))
                        .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Condition not reached in 5 s");
            }
            Thread.sleep(10);
        }
    }
}
