package fi.imediat.rekisteri.retention;

import fi.imediat.rekisteri.events.AckOutcome;
import fi.imediat.rekisteri.events.ClosureReason;
import fi.imediat.rekisteri.events.CustomerClosed;
import fi.imediat.rekisteri.events.CustomerRegistered;
import fi.imediat.rekisteri.events.DataCategory;
import fi.imediat.rekisteri.events.EventType;
import fi.imediat.rekisteri.events.HolderAcknowledged;
import fi.imediat.rekisteri.events.HolderAcknowledged.CategoryOutcome;
import fi.imediat.rekisteri.events.SubscriptionStarted;
import fi.imediat.rekisteri.events.Topics;
import fi.imediat.rekisteri.infra.KafkaClients;
import fi.imediat.rekisteri.testsupport.EventPublisher;
import fi.imediat.rekisteri.testsupport.PublishedEvents;
import fi.imediat.rekisteri.testsupport.PublishedEvents.Received;
import fi.imediat.rekisteri.testsupport.RekisteriTestInfrastructure;
import fi.imediat.rekisteri.testsupport.TestKafka;
import fi.imediat.rekisteri.testsupport.Tokens;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@WithTestResource(value = RekisteriTestInfrastructure.class, scope = TestResourceScope.GLOBAL,
        initArgs = {@ResourceArg(name = "database", value = "retention"),
                @ResourceArg(name = "kafka-principal", value = "retention-service")})
class RetentionSweepTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final LocalDate TODAY = LocalDate.now(ZoneId.of("Europe/Helsinki"));

    private final KafkaClients kafka = TestKafka.clients();

    @Inject
    EntityManager entityManager;

    @Inject
    AgroalDataSource dataSource;

    private final Tokens tokens = Tokens.ofService();

    @Test
    void dueClocksBecomeErasureRequestsAndAPolicyChangeMovesDueDates() {
        UUID due = UUID.randomUUID();
        UUID notYet = UUID.randomUUID();
        try (EventPublisher publisher = new EventPublisher(kafka)) {
            close(publisher, due, TODAY.minusYears(3).minusDays(1));
            close(publisher, notYet, TODAY.minusYears(2));
        }
        awaitClock(notYet).body("relationship", equalTo("ENDED"))
                .body("dueOn", equalTo(TODAY.minusYears(2).plusYears(3).toString()));
        awaitClock(due).body("relationship", equalTo("ENDED"));

        // The due date follows the longest period running from the relationship's end, live.
        changePolicy("CUSTOMERSHIP", "P5Y");
        try {
            clock(notYet).body("dueOn", equalTo(TODAY.minusYears(2).plusYears(5).toString()));
        } finally {
            changePolicy("CUSTOMERSHIP", "P3Y");
        }

        ExtractableResponse<Response> sweep = sweep(Tokens.OFFICER);
        assertEquals("COMPLETED", sweep.path("status"));
        assertTrue(sweep.<Integer>path("requestsCreated") >= 1);

        Received requested = PublishedEvents.awaitOne(kafka, EventType.ERASURE_REQUESTED, due.toString(), TIMEOUT);
        assertEquals("RETENTION_EXPIRED", requested.body().get("reason").asText());
        assertEquals(DataCategory.values().length, requested.body().get("categories").size());
        given().auth().oauth2(tokens.user(Tokens.OFFICER))
                .when().get("/erasure-requests/{id}", requested.body().get("requestId").asText())
                .then().statusCode(200).body("reason", equalTo("RETENTION_EXPIRED"))
                .body("requestedBy", equalTo("sweep:" + sweep.path("id")));
        assertEquals(1, requests(due));
        assertEquals(0, requests(notYet));
        clock(notYet).body("relationship", equalTo("ENDED"));

        // Sweeping again opens nothing more for the same clock.
        sweep(Tokens.OFFICER);
        assertEquals(1, requests(due));
        given().auth().oauth2(tokens.user(Tokens.OFFICER)).when().get("/sweeps/{id}", sweep.<String>path("id"))
                .then().statusCode(200).body("status", equalTo("COMPLETED"))
                .body("finishedAt", org.hamcrest.Matchers.notNullValue());
        given().auth().oauth2(tokens.serviceAccount("customer-service")).when().get("/sweeps")
                .then().statusCode(200).body("id", hasItem(sweep.<String>path("id")));
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("rekisteri_sweep_duration_seconds_count"))
                .body(containsString("rekisteri_sweep_requests_created_total"))
                .body(containsString("rekisteri_propagation_overdue"));
    }

    @Test
    void aReopenedRelationshipStopsTheClock() {
        UUID subscribedAgain = UUID.randomUUID();
        UUID registeredAgain = UUID.randomUUID();
        try (EventPublisher publisher = new EventPublisher(kafka)) {
            close(publisher, subscribedAgain, TODAY.minusYears(4));
            close(publisher, registeredAgain, TODAY.minusYears(4));
            publisher.publish(EventType.SUBSCRIPTION_STARTED, subscribedAgain,
                    new SubscriptionStarted(subscribedAgain, UUID.randomUUID(), "ILKKA-DIGI", TODAY));
            publisher.publish(EventType.CUSTOMER_REGISTERED, registeredAgain,
                    new CustomerRegistered(registeredAgain, Instant.now(), "AGENT", null));
        }
        awaitClock(subscribedAgain).body("relationship", equalTo("REOPENED"));
        awaitClock(registeredAgain).body("relationship", equalTo("REOPENED"));

        sweep(Tokens.OFFICER);
        assertEquals(0, requests(subscribedAgain));
        assertEquals(0, requests(registeredAgain));
    }

    @Test
    void twoConcurrentSweepsOpenEachRequestOnceInBatches() throws Exception {
        List<UUID> customers = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            customers.add(UUID.randomUUID());
        }
        QuarkusTransaction.requiringNew().run(() -> customers.forEach(c -> entityManager.createNativeQuery(
                        "INSERT INTO retention_clock (customer_id, relationship_ended_on) VALUES (?1, ?2)")
                .setParameter(1, c).setParameter(2, TODAY.minusYears(5)).executeUpdate()));

        CountDownLatch start = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        List<CompletableFuture<ExtractableResponse<Response>>> sweeps = List.of(
                CompletableFuture.supplyAsync(() -> awaitThen(start, Tokens.OFFICER), threads),
                CompletableFuture.supplyAsync(() -> awaitThen(start, null), threads));
        start.countDown();
        threads.shutdown();
        int created = 0;
        for (CompletableFuture<ExtractableResponse<Response>> sweep : sweeps) {
            ExtractableResponse<Response> record = sweep.get();
            assertTrue(List.of("COMPLETED", "SKIPPED").contains(record.<String>path("status")));
            created += record.<Integer>path("requestsCreated");
        }
        assertTrue(created >= customers.size(), "every due customer got a request: " + created);
        for (UUID customer : customers) {
            assertEquals(1, requests(customer), "one request for " + customer);
        }
        Received requested = PublishedEvents.awaitOne(kafka, EventType.ERASURE_REQUESTED,
                customers.get(customers.size() - 1).toString(), TIMEOUT);
        assertEquals("RETENTION_EXPIRED", requested.body().get("reason").asText());
    }

    @Test
    void whatAHolderRetainedIsErasedWhenItsDateComes() {
        UUID customer = UUID.randomUUID();
        String first = given().auth().oauth2(tokens.user(Tokens.OFFICER)).contentType(ContentType.JSON)
                .body(Map.of("customerId", customer, "reason", "DATA_SUBJECT_REQUEST"))
                .when().post("/erasure-requests").then().statusCode(202).extract().path("id");
        try (EventPublisher publisher = new EventPublisher(kafka)) {
            acknowledge(publisher, first, customer, "customer-service", List.of(
                    new CategoryOutcome(DataCategory.BASIC_DATA, AckOutcome.ERASED, null, null),
                    new CategoryOutcome(DataCategory.BILLING, AckOutcome.RETAINED, "Kirjanpitolaki 2:10",
                            TODAY.minusDays(1))));
            acknowledge(publisher, first, customer, "consent-service", List.of(
                    new CategoryOutcome(DataCategory.MARKETING_PERMISSIONS, AckOutcome.ERASED, null, null)));
        }
        await().atMost(TIMEOUT).untilAsserted(() -> given().auth().oauth2(tokens.user(Tokens.OFFICER))
                .when().get("/erasure-requests/{id}", first).then().statusCode(200)
                .body("status", equalTo("COMPLETED")));
        // Kept until yesterday, so erased from today.
        clock(customer).body("relationship", equalTo("ERASED"))
                .body("followUps[0].category", equalTo("BILLING"))
                .body("followUps[0].dueOn", equalTo(TODAY.toString()))
                .body("followUps[0].sourceRequestId", equalTo(first));

        sweep(null);
        List<Received> requested = PublishedEvents.await(kafka, Topics.PRIVACY_REQUESTS, customer.toString(),
                list -> list.size() >= 2, TIMEOUT);
        Received followUp = requested.get(requested.size() - 1);
        assertEquals("RETENTION_EXPIRED", followUp.body().get("reason").asText());
        assertEquals(1, followUp.body().get("categories").size());
        assertEquals("BILLING", followUp.body().get("categories").get(0).asText());
        clock(customer).body("followUps[0].erasureRequestId", equalTo(followUp.body().get("requestId").asText()));
    }

    @Test
    void aSweepWhileAnotherHoldsTheLockIsSkippedAndAnInterruptedOneIsMarkedFailed() throws Exception {
        UUID interrupted = UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery(
                        "INSERT INTO sweep (id, trigger, requested_by, status) VALUES (?1, 'SCHEDULE', 'schedule', 'RUNNING')")
                .setParameter(1, interrupted).executeUpdate());
        // Another replica's sweep: the same session-level advisory lock, held on a connection of its own.
        try (Connection otherReplica = dataSource.getConnection()) {
            assertTrue(advisoryLock(otherReplica, "pg_try_advisory_lock"));
            try {
                ExtractableResponse<Response> skipped = sweep(Tokens.OFFICER);
                assertEquals("SKIPPED", skipped.path("status"));
                assertEquals(0, skipped.<Integer>path("requestsCreated"));
            } finally {
                advisoryLock(otherReplica, "pg_advisory_unlock");
            }
        }
        given().auth().oauth2(tokens.user(Tokens.OFFICER)).when().get("/sweeps/{id}", interrupted)
                .then().statusCode(200).body("status", equalTo("RUNNING"));
        assertEquals("COMPLETED", sweep(Tokens.OFFICER).path("status"));
        given().auth().oauth2(tokens.user(Tokens.OFFICER)).when().get("/sweeps/{id}", interrupted)
                .then().statusCode(200).body("status", equalTo("FAILED"));
    }

    private static boolean advisoryLock(Connection connection, String function) throws Exception {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT " + function + "(hashtextextended('retention-sweep', 0))");
                ResultSet result = statement.executeQuery()) {
            return result.next() && result.getBoolean(1);
        }
    }

    @Test
    void clocksAndSweepsAreForThePrivacyOfficerAndTheServices() {
        given().auth().oauth2(tokens.user(Tokens.AGENT)).when().post("/sweeps").then().statusCode(403);
        given().when().post("/sweeps").then().statusCode(401);
        given().auth().oauth2(tokens.user(Tokens.OFFICER)).when().get("/sweeps/{id}", UUID.randomUUID())
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(tokens.user(Tokens.OFFICER)).when().get("/retention-clocks/{id}", UUID.randomUUID())
                .then().statusCode(404).contentType("application/problem+json");
    }

    private ExtractableResponse<Response> awaitThen(CountDownLatch start, String user) {
        try {
            start.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return sweep(user);
    }

    /**
     * Starts a sweep and follows it to its end: the record as GET answers it once it is no longer RUNNING.
     * {@code user} null: the service account of a Rekisteri service.
     */
    private ExtractableResponse<Response> sweep(String user) {
        String token = user == null ? tokens.serviceAccount("customer-service") : tokens.user(user);
        ExtractableResponse<Response> started = given().auth().oauth2(token).when().post("/sweeps")
                .then().statusCode(202).header("Location", containsString("/sweeps/"))
                .body("status", org.hamcrest.Matchers.oneOf("RUNNING", "SKIPPED"))
                .body("dueFound", greaterThanOrEqualTo(0)).extract();
        String id = started.path("id");
        await().atMost(TIMEOUT).until(() -> !"RUNNING".equals(given().auth().oauth2(token)
                .when().get("/sweeps/{id}", id).then().statusCode(200).extract().path("status")));
        return given().auth().oauth2(token).when().get("/sweeps/{id}", id).then().statusCode(200).extract();
    }

    private void changePolicy(String category, String period) {
        given().auth().oauth2(tokens.user(Tokens.OFFICER)).contentType(ContentType.JSON)
                .body(Map.of("basis", "AFTER_RELATIONSHIP_END", "period", period, "restricted", false))
                .when().put("/policies/" + category).then().statusCode(200);
    }

    private io.restassured.response.ValidatableResponse awaitClock(UUID customer) {
        await().atMost(TIMEOUT).until(() -> given().auth().oauth2(tokens.user(Tokens.OFFICER))
                .when().get("/retention-clocks/{id}", customer).then().extract().statusCode() == 200);
        return clock(customer);
    }

    private io.restassured.response.ValidatableResponse clock(UUID customer) {
        return given().auth().oauth2(tokens.user(Tokens.OFFICER)).when().get("/retention-clocks/{id}", customer)
                .then().statusCode(200);
    }

    private long requests(UUID customer) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager.createNativeQuery(
                        "SELECT count(*) FROM erasure_request WHERE customer_id = ?1 AND reason = 'RETENTION_EXPIRED'")
                .setParameter(1, customer).getSingleResult()).longValue());
    }

    private static void close(EventPublisher publisher, UUID customer, LocalDate endedOn) {
        publisher.publish(EventType.CUSTOMER_CLOSED, customer,
                new CustomerClosed(customer, ClosureReason.RELATIONSHIP_ENDED, Instant.now(), endedOn));
    }

    private static void acknowledge(EventPublisher publisher, String requestId, UUID customer, String holder,
            List<CategoryOutcome> outcomes) {
        publisher.publish(EventType.HOLDER_ACKNOWLEDGED, customer,
                new HolderAcknowledged(null, UUID.fromString(requestId), holder, customer, outcomes, Instant.now()));
    }
}
