package fi.imediat.rekisteri.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fi.imediat.rekisteri.systemtest.HostileInputs.Operation;
import fi.imediat.rekisteri.systemtest.HostileInputs.Request;
import fi.imediat.rekisteri.testsupport.Tokens;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile input at every REST operation of the three services' OpenAPI documents (issue 9): malformed JSON,
 * values of the wrong type, injection strings, unstorable and huge strings, invalid UUIDs, dates and enums in
 * paths and queries, wrong content types, and one body over each service's size limit. Each try draws its input
 * from a seeded generator of our own ({@link HostileInputs}) using the operation's parameters and body schema; the
 * seed is fixed, so a failure is reproduced by running the class again. Every answer must be below 500, carry no
 * stack trace, and be application/problem+json when it is an error with a body; and no row of the three databases
 * may change.
 */
@Order(50)
class HostileInputSystemTest {

    private static final long SEED = 20_261_126L;
    /** Tries per operation with a role it allows; two more go without a token. */
    private static final int TRIES = 20;
    private static final int ANONYMOUS_TRIES = 2;

    private static final Map<String, String> DATABASE_OF = Map.of("customer-service", "customer",
            "consent-service", "consent", "retention-service", "retention");
    /** quarkus.http.limits.max-body-size of each service (retention-service keeps the platform's 1M). */
    private static final Map<String, Long> BODY_LIMIT_OF = Map.of("customer-service", 32L << 20,
            "consent-service", 64L << 20, "retention-service", 1L << 20);
    /** The most privileged role first: the one an operation allows that reaches the most of its handler. */
    private static final List<String> ROLE_PREFERENCE = List.of("privacy-officer", "rekisteri-service",
            "contact-reader", "data-exporter", "customer-service-agent", "marketing", "data-holder", "customer");

    /** What an answer must never contain: traces, exception and class names, SQL errors. */
    private static final List<String> LEAKS = List.of("\tat ", "at fi.imediat", "Exception", "exception",
            "org.hibernate", "java.lang", "java.sql", "org.postgresql", "jakarta.", "io.quarkus", "io.vertx",
            "com.fasterxml", "SQLState", "SQL state", "ERROR:", "syntax error at", "violates", "duplicate key",
            "Caused by");

    /**
     * Refusals of the HTTP layer that come before the token is looked at, for any caller: a body too large, a URL
     * too long, a content type no method of the path reads. They tell nothing the public OpenAPI document does not.
     */
    private static final Set<Integer> REFUSED_BEFORE_AUTHENTICATION = Set.of(413, 414, 415, 431);

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<Integer, Integer> histogram = new TreeMap<>();
    private final List<String> failures = new ArrayList<>();
    private int inputs;

    @Test
    void noInputCausesA5xxATraceOrAChangedRow() throws Exception {
        // A customer to aim at, so that requests to its id reach the handlers' work, not only their 404.
        UUID customerId = TheSet.registerCustomerWithEmail("hostile.input");
        DatabaseSnapshot before = DatabaseSnapshot.awaitQuiet(() -> TheSet.count("consent",
                "SELECT count(*) FROM customer_contact_key WHERE customer_id = ?", customerId) > 0);
        long started = System.nanoTime();

        List<Operation> operations = new ArrayList<>();
        for (String service : DATABASE_OF.keySet().stream().sorted().toList()) {
            operations.addAll(HostileInputs.operations(service, openApi(service)));
        }
        for (Operation operation : operations) {
            SplittableRandom random = new SplittableRandom(
                    SEED ^ operation.service().hashCode() ^ operation.name().hashCode());
            String token = tokenFor(operation);
            for (int i = 0; i < TRIES; i++) {
                check(operation, HostileInputs.request(operation, customerId, random), token);
            }
            for (int i = 0; i < ANONYMOUS_TRIES; i++) {
                check(operation, HostileInputs.anonymousRequest(operation, customerId, random), null);
            }
        }
        for (String service : DATABASE_OF.keySet().stream().sorted().toList()) {
            oversizeBody(service, operations);
        }

        DatabaseSnapshot after = DatabaseSnapshot.take();
        long fiveHundreds = histogram.entrySet().stream().filter(e -> e.getKey() >= 500)
                .mapToLong(Map.Entry::getValue).sum();
        System.out.printf("Hostile input: %d operations, %d inputs, statuses %s, 5xx %d, changed tables %d, %d s%n",
                operations.size(), inputs, histogram, fiveHundreds, before.changedTables(after).size(),
                (System.nanoTime() - started) / 1_000_000_000L);

        failures.forEach(f -> System.out.println("Hostile input broke a rule: " + f));
        before.changedTables(after).forEach(t -> System.out.println("Hostile input changed " + t));
        assertTrue(operations.size() >= 40, "the OpenAPI documents list only " + operations.size() + " operations");
        assertEquals(List.of(), failures, "answers that broke the rules");
        assertEquals(List.of(), before.changedTables(after), "tables changed by hostile input");
    }

    private void check(Operation operation, Request request, String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(
                        URI.create(TheSet.stack().service(operation.service()).baseUrl() + request.pathAndQuery()))
                .timeout(Duration.ofSeconds(60))
                .method(operation.method(), request.body().length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(request.body()));
        if (request.contentType() != null && !request.contentType().isEmpty()) {
            builder.header("Content-Type", request.contentType());
        }
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        builder.header("Accept", "application/json, application/problem+json");
        String what = operation.service() + " " + operation.name() + " [" + request.kind() + "] "
                + abbreviate(request.pathAndQuery());
        inputs++;
        HttpResponse<String> response;
        try {
            response = send(builder.build());
        } catch (IOException e) {
            failures.add(what + ": no answer (" + e + ")");
            return;
        }
        histogram.merge(response.statusCode(), 1, Integer::sum);
        checkAnswer(what, response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                response.body(), token == null && !operation.roles().isEmpty());
        if (response.statusCode() / 100 == 2 && mustRefuse(operation)) {
            failures.add(what + ": accepted (" + response.statusCode() + ") "
                    + abbreviate(new String(request.body(), StandardCharsets.UTF_8)));
        }
    }

    /**
     * Every generated input carries a defect, so an operation that writes must refuse it. Two kinds are left out:
     * file imports (CSV), which answer 200 with a report that lists every rejected line, and operations that take
     * no input at all (POST /sweeps), where there is nothing to attack.
     */
    private static boolean mustRefuse(Operation operation) {
        boolean fileImport = operation.takesBody() && !operation.takesJson();
        boolean takesInput = operation.takesBody() || !operation.parameters().isEmpty();
        return (operation.writes() || operation.takesJson()) && !fileImport && takesInput;
    }

    /**
     * Sends, once more if the connection was one the server had closed (it closes after answering 413 or 414, and
     * the client may have reused that connection meanwhile: the oversize body met one in a clean-clone run). A
     * streamed body is generated anew for the second attempt.
     */
    private static HttpResponse<String> send(HttpRequest request) throws IOException {
        try {
            try {
                return HTTP.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (IOException closed) {
                return HTTP.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void checkAnswer(String what, int status, String contentType, String body, boolean mustBe401) {
        if (status >= 500) {
            failures.add(what + ": " + status + " " + abbreviate(body));
        }
        if (mustBe401 && status != 401 && !REFUSED_BEFORE_AUTHENTICATION.contains(status)) {
            failures.add(what + ": " + status + " without a token");
        }
        for (String leak : LEAKS) {
            if (body.contains(leak)) {
                failures.add(what + ": " + status + " answer contains '" + leak.strip() + "': " + abbreviate(body));
                break;
            }
        }
        if (status >= 400 && !body.isEmpty() && !contentType.startsWith("application/problem+json")) {
            failures.add(what + ": " + status + " error as '" + contentType + "': " + abbreviate(body));
        }
    }

    /**
     * A body over the service's limit, streamed (never held in memory) with its length declared: 413 before the
     * body is read. The first operation that takes a body is used: the limit holds before any handler.
     */
    private void oversizeBody(String service, List<Operation> operations) {
        Operation operation = operations.stream()
                .filter(o -> o.service().equals(service) && o.takesJson() && !o.template().contains("{"))
                .findFirst().orElseThrow();
        long length = BODY_LIMIT_OF.get(service) + (1 << 20);
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create(TheSet.stack().service(service).baseUrl() + operation.template()))
                .timeout(Duration.ofSeconds(60))
                // The server's 413 comes before any byte of the body is sent: without this, it answered while the
                // client was still streaming, and closing the connection could cut the answer off.
                .expectContinue(true)
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + tokenFor(operation))
                .method(operation.method(), HttpRequest.BodyPublishers.fromPublisher(
                        HttpRequest.BodyPublishers.ofInputStream(() -> new HugeJsonString(length)), length))
                .build();
        String what = service + " " + operation.name() + " [oversize " + (length >> 20) + " MiB]";
        inputs++;
        try {
            HttpResponse<String> response = send(request);
            histogram.merge(response.statusCode(), 1, Integer::sum);
            if (response.statusCode() != 413) {
                failures.add(what + ": " + response.statusCode() + " instead of 413");
            }
            checkAnswer(what, response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.body(), false);
        } catch (IOException e) {
            failures.add(what + ": no answer (" + e + ")");
        }
    }

    /** {@code {"a":"xxxx…"}} of exactly {@code length} bytes, generated as it is read. */
    private static final class HugeJsonString extends InputStream {
        private static final byte[] HEAD = "{\"a\":\"".getBytes(StandardCharsets.US_ASCII);
        private final long length;
        private long position;

        HugeJsonString(long length) {
            this.length = length;
        }

        @Override
        public int read() {
            if (position >= length) {
                return -1;
            }
            long at = position++;
            if (at < HEAD.length) {
                return HEAD[(int) at];
            }
            return at == length - 2 ? '"' : at == length - 1 ? '}' : 'x';
        }

        @Override
        public int read(byte[] buffer, int offset, int count) {
            if (position >= length) {
                return -1;
            }
            int n = (int) Math.min(count, length - position);
            for (int i = 0; i < n; i++) {
                buffer[offset + i] = (byte) read();
            }
            return n;
        }
    }

    // --- set-up --------------------------------------------------------------------------------------------------

    private static JsonNode openApi(String service) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                URI.create(TheSet.stack().service(service).baseUrl() + "/q/openapi?format=json")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), service + " OpenAPI document");
        return JSON.readTree(response.body());
    }

    /** A token of the operation's most privileged allowed role (null for a public operation). */
    private static String tokenFor(Operation operation) {
        Tokens tokens = TheSet.tokens();
        for (String role : ROLE_PREFERENCE) {
            if (operation.roles().contains(role)) {
                return switch (role) {
                    case "privacy-officer" -> tokens.user(Tokens.OFFICER);
                    case "rekisteri-service" -> tokens.serviceAccount("customer-service");
                    case "contact-reader" -> tokens.serviceAccount("consent-service");
                    case "data-exporter" -> tokens.serviceAccount("retention-service");
                    case "customer-service-agent" -> tokens.user(Tokens.AGENT);
                    case "marketing" -> tokens.user(Tokens.MARKETER);
                    case "data-holder" -> tokens.serviceAccount("newsletter-platform");
                    default -> tokens.user(Tokens.CUSTOMER);
                };
            }
        }
        return null;
    }

    private static String abbreviate(String text) {
        String line = text.replaceAll("[\\r\\n]+", " ");
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }
}
