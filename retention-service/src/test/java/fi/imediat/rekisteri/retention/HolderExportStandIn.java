package fi.imediat.rekisteri.retention;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An external holder's export endpoint, played by the test: it serves {@code GET /gdpr/<customer id>} and keeps
 * the Authorization header of every call, so a test can check which token retention-service sent it.
 */
final class HolderExportStandIn implements AutoCloseable {

    record Call(String path, String authorization) {
    }

    private final HttpServer server;
    private final List<Call> calls = new CopyOnWriteArrayList<>();

    HolderExportStandIn() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/gdpr/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            calls.add(new Call(path, exchange.getRequestHeaders().getFirst("Authorization")));
            byte[] body = ("{\"customerId\":\"" + path.substring("/gdpr/".length()) + "\",\"lists\":[\"weekly\"]}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    String exportUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/gdpr/{customerId}";
    }

    List<Call> calls() {
        return List.copyOf(calls);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
