package fi.imediat.rekisteri.consent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import org.eclipse.microprofile.config.ConfigProvider;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands in for customer-service's {@code POST /customers/contact-details} (the contract consent-service reads
 * contact keys from) on a free port; the service's REST client is pointed at it. A customer no test served is unknown
 * there and left out of the answer. It answers only a bearer token of the {@code consent-service} client (401
 * otherwise). Tests say what it answers through its own HTTP control path, so they need not share its class loader:
 * {@link #serve(UUID, Map)}, {@link #fail(UUID, int)}, and {@link #largestCall()} tells how many customers the
 * largest call asked for.
 */
public class CustomerServiceStandIn implements QuarkusTestResourceLifecycleManager {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String CONTROL = "/stand-in/customers/";
    private static final String LARGEST_CALL = "/stand-in/largest-call";

    private record Answer(int status, String body) {
    }

    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final AtomicInteger largestCall = new AtomicInteger();
    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/customers/contact-details", this::contactDetails);
        server.createContext(CONTROL, this::control);
        server.createContext(LARGEST_CALL, exchange -> respond(exchange, 200, Integer.toString(largestCall.get())));
        server.start();
        return Map.of("quarkus.rest-client.customer-service.url",
                "http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    /**
     * {@code POST /customers/contact-details}: the customers asked for that a test serves; one a test made fail
     * fails the whole call with its status, as customer-service failing would.
     */
    private void contactDetails(HttpExchange exchange) throws IOException {
        if (!fromConsentService(exchange.getRequestHeaders().getFirst("Authorization"))) {
            respond(exchange, 401, "");
            return;
        }
        if (!"POST".equals(exchange.getRequestMethod())) {
            respond(exchange, 405, "");
            return;
        }
        ArrayNode found = JSON.createArrayNode();
        JsonNode ids = JSON.readTree(exchange.getRequestBody()).path("customerIds");
        largestCall.accumulateAndGet(ids.size(), Math::max);
        for (JsonNode id : ids) {
            Answer answer = answers.get(id.asText());
            if (answer == null) {
                continue;
            }
            if (answer.status() != 200) {
                respond(exchange, answer.status(), "");
                return;
            }
            found.add(JSON.readTree(answer.body()));
        }
        respond(exchange, 200, JSON.createObjectNode().set("customers", found).toString());
    }

    private void control(HttpExchange exchange) throws IOException {
        String id = exchange.getRequestURI().getPath().substring(CONTROL.length());
        int status = Integer.parseInt(exchange.getRequestHeaders().getFirst("X-Status"));
        answers.put(id, new Answer(status, new String(exchange.getRequestBody().readAllBytes(),
                StandardCharsets.UTF_8)));
        respond(exchange, 204, "");
    }

    /** A client-credentials token of consent-service: its payload's {@code azp}. */
    private static boolean fromConsentService(String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return false;
        }
        String[] parts = authorization.substring("Bearer ".length()).split("\\.");
        if (parts.length != 3) {
            return false;
        }
        try {
            JsonNode payload = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
            return "consent-service".equals(payload.path("azp").asText());
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, status == 204 || bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }

    /** From a test: include the customer in the answers, as this (customer-service's contract). */
    static void serve(UUID customerId, Map<String, Object> customer) {
        try {
            control(customerId, 200, JSON.writeValueAsString(customer));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** From a test: fail every call that asks for this customer with this status. */
    static void fail(UUID customerId, int status) {
        control(customerId, status, "");
    }

    /** From a test: how many customers the largest call so far asked for. */
    static int largestCall() {
        String base = ConfigProvider.getConfig().getValue("quarkus.rest-client.customer-service.url", String.class);
        try {
            return Integer.parseInt(HTTP.send(HttpRequest.newBuilder(URI.create(base + LARGEST_CALL)).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A customer in customer-service's contract: one primary address, e-mail and phone. */
    static Map<String, Object> customer(UUID id, String firstName, String lastName, String street,
            String postalCode, String email, String phone) {
        return Map.of("id", id.toString(), "firstName", firstName, "lastName", lastName,
                "addresses", java.util.List.of(Map.of("street", street, "postalCode", postalCode, "city", "Helsinki",
                        "country", "FI", "primary", true)),
                "emails", java.util.List.of(Map.of("address", email, "primary", true)),
                "phones", java.util.List.of(Map.of("number", phone, "primary", true)),
                "customerNumber", "C-1");
    }

    private static void control(UUID customerId, int status, String body) {
        String base = ConfigProvider.getConfig().getValue("quarkus.rest-client.customer-service.url", String.class);
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + CONTROL + customerId))
                .header("X-Status", Integer.toString(status))
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            HttpResponse<Void> response = HTTP.send(request, HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() != 204) {
                throw new IllegalStateException("Stand-in refused: " + response.statusCode());
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
