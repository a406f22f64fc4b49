package fi.imediat.rekisteri.retention;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * An external holder's export endpoint, played by the test: it serves {@code GET /gdpr/<customer id>} and keeps
 * the Authorization header of every call, so a test can check which token retention-service sent it. Held, it
 * answers no call before the test releases it: a fetch stays in flight while the test does something else.
 */
final class HolderExportStandIn implements AutoCloseable {

    record Call(String path, String authorization) {
    }

    private final HttpServer server;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final CountDownLatch answersReleased;
    private final CountDownLatch answered = new CountDownLatch(1);

    HolderExportStandIn() {
        this(false);
    }

    /** {@code held}: every call waits for {@link #releaseAnswers()} (at most 20 s) before it is answered. */
    HolderExportStandIn(boolean held) {
        answersReleased = new CountDownLatch(held ? 1 : 0);
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/gdpr/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            calls.add(new Call(path, exchange.getRequestHeaders().getFirst("Authorization")));
            try {
                answersReleased.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] body = ("{\"customerId\":\"" + path.substring("/gdpr/".length()) + "\",\"lists\":[\"weekly\"]}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
            answered.countDown();
        });
        server.start();
    }

    String exportUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/gdpr/{customerId}";
    }

    void releaseAnswers() {
        answersReleased.countDown();
    }

    /** Whether a call has been answered in full. */
    boolean hasAnswered() {
        return answered.getCount() == 0;
    }

    List<Call> calls() {
        return List.copyOf(calls);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
