package fi.imediat.rekisteri.customer;

import fi.imediat.rekisteri.platform.admission.AdmissionConfig;
import fi.imediat.rekisteri.testsupport.RekisteriTestInfrastructure;
import fi.imediat.rekisteri.testsupport.TestPersonalData;
import fi.imediat.rekisteri.testsupport.Tokens;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Overload is refused at once, never queued for long: with every place taken by requests that wait on a customer's
 * lock, one more request is answered 503 problem+json with {@code Retry-After} within the admission wait, stores
 * nothing, and succeeds when sent again once the places are free. Health stays answered throughout. A request that
 * waited in the queue and got a place is served whole, body included.
 */
@QuarkusTest
@WithTestResource(value = RekisteriTestInfrastructure.class, scope = TestResourceScope.GLOBAL,
        initArgs = {@ResourceArg(name = "database", value = "customer"),
                @ResourceArg(name = "kafka-principal", value = "customer-service")})
class AdmissionControlTest {

    private static final String MERGE_PATCH = "application/merge-patch+json";

    @TestHTTPResource("/")
    URL base;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    AdmissionConfig admission;

    @Inject
    TestDatabase database;

    private final Tokens tokens = Tokens.ofService();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aRequestThatFindsNoPlaceIsRefusedAtOnceChangesNothingAndSucceedsWhenRetried() throws Exception {
        String customer = given().auth().oauth2(tokens.user(Tokens.AGENT)).contentType(ContentType.JSON)
                .body(BasicDataTest.customer(TestPersonalData.email("ruuhka"))).when().post("/customers")
                .then().statusCode(201).extract().path("id");
        List<CompletableFuture<HttpResponse<String>>> held;
        String refusedEmail = TestPersonalData.email("torjuttu");
        try (Connection connection = dataSource.getConnection()) {
            held = takeEveryPlace(connection, customer);

            long before = System.nanoTime();
            HttpResponse<String> refused = send("POST", "customers", "application/json",
                    json(BasicDataTest.customer(refusedEmail))).join();
            long millis = (System.nanoTime() - before) / 1_000_000;

            assertEquals(503, refused.statusCode(), refused.body());
            assertEquals("application/problem+json", refused.headers().firstValue("Content-Type").orElse(""));
            assertEquals(String.valueOf(Math.max(1, admission.retryAfter().toSeconds())),
                    refused.headers().firstValue("Retry-After").orElse(""));
            assertTrue(refused.body().contains("\"status\":503"), refused.body());
            // The admission wait plus a round trip on a loaded test machine: far from the 5 s pool timeout it replaces.
            assertTrue(millis < admission.maxWait().toMillis() + 1_000, "refused after " + millis + " ms");
            assertEquals(200, http.send(HttpRequest.newBuilder(base.toURI().resolve("q/health/ready")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode(), "probes are never refused");
            connection.rollback();
        }
        for (CompletableFuture<HttpResponse<String>> request : held) {
            assertEquals(200, request.get().statusCode(), "an admitted request completes once the lock is free");
        }
        assertEquals(0, database.count("SELECT count(*) FROM customer_email WHERE address = ?", refusedEmail),
                "the refused registration stored nothing");

        HttpResponse<String> retried = send("POST", "customers", "application/json",
                json(BasicDataTest.customer(refusedEmail))).join();
        assertEquals(201, retried.statusCode(), retried.body());
        given().when().get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("rekisteri_http_requests_refused_total"));
    }

    @Test
    void aQueuedRequestKeepsItsBodyAndIsAnsweredWhenAPlaceFrees() throws Exception {
        String customer = given().auth().oauth2(tokens.user(Tokens.AGENT)).contentType(ContentType.JSON)
                .body(BasicDataTest.customer(TestPersonalData.email("jonossa"))).when().post("/customers")
                .then().statusCode(201).extract().path("id");
        String queuedEmail = TestPersonalData.email("jonotti");
        List<CompletableFuture<HttpResponse<String>>> held;
        CompletableFuture<HttpResponse<String>> queued;
        try (Connection connection = dataSource.getConnection()) {
            held = takeEveryPlace(connection, customer);
            queued = send("POST", "customers", "application/json", json(BasicDataTest.customer(queuedEmail)));
            awaitGauge("rekisteri_http_requests_queued", 1);
            // Frees every place while the registration still waits in the queue (the test profile's wait is long).
            connection.rollback();
        }
        HttpResponse<String> registered = queued.get(30, TimeUnit.SECONDS);
        assertEquals(201, registered.statusCode(), registered.body());
        assertEquals(1, database.count("SELECT count(*) FROM customer_email WHERE address = ?", queuedEmail),
                "the queued registration was stored with the body it was sent with");
        for (CompletableFuture<HttpResponse<String>> request : held) {
            assertEquals(200, request.get().statusCode());
        }
    }

    /**
     * Holds the customer's lock in {@code connection}'s transaction and sends as many rectifications of the customer
     * as there are places: they serialise on that lock, so each admitted one keeps working, and its place taken, until
     * the transaction ends.
     */
    private List<CompletableFuture<HttpResponse<String>>> takeEveryPlace(Connection connection, String customer)
            throws Exception {
        connection.setAutoCommit(false);
        try (PreparedStatement lock = connection.prepareStatement(
                "SELECT pg_advisory_xact_lock(hashtextextended(?, 0))")) {
            lock.setString(1, "customer:" + customer);
            lock.execute();
        }
        List<CompletableFuture<HttpResponse<String>>> held = new ArrayList<>();
        for (int i = 0; i < admission.maxConcurrentRequests(); i++) {
            held.add(send("PATCH", "customers/" + customer, MERGE_PATCH, "{\"occupation\":\"Kokki " + i + "\"}"));
        }
        awaitGauge("rekisteri_http_requests_working", admission.maxConcurrentRequests());
        return held;
    }

    private static void awaitGauge(String gauge, int atLeast) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            String metrics = given().when().get("/q/metrics").then().extract().asString();
            if (metrics.lines().anyMatch(line -> line.startsWith(gauge + " ")
                    && Double.parseDouble(line.substring(line.indexOf(' ') + 1)) >= atLeast)) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError(gauge + " never reached " + atLeast);
    }

    private CompletableFuture<HttpResponse<String>> send(String method, String path, String type, String body)
            throws Exception {
        URI uri = base.toURI().resolve(path);
        return http.sendAsync(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + tokens.user(Tokens.AGENT))
                .header("Content-Type", type)
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String json(Map<String, Object> body) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }
}
