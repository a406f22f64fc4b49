package fi.imediat.rekisteri.retention;

import fi.imediat.rekisteri.events.AckOutcome;
import fi.imediat.rekisteri.events.CustomerRegistered;
import fi.imediat.rekisteri.events.DataCategory;
import fi.imediat.rekisteri.events.EventType;
import fi.imediat.rekisteri.events.HolderAcknowledged;
import fi.imediat.rekisteri.events.HolderAcknowledged.CategoryOutcome;
import fi.imediat.rekisteri.events.Topics;
import fi.imediat.rekisteri.infra.KafkaClients;
import fi.imediat.rekisteri.testsupport.EventPublisher;
import fi.imediat.rekisteri.testsupport.PublishedEvents;
import fi.imediat.rekisteri.testsupport.PublishedEvents.Received;
import fi.imediat.rekisteri.testsupport.RekisteriTestInfrastructure;
import fi.imediat.rekisteri.testsupport.TestKafka;
import fi.imediat.rekisteri.testsupport.TestPersonalData;
import fi.imediat.rekisteri.testsupport.Tokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
@WithTestResource(value = RekisteriTestInfrastructure.class, scope = TestResourceScope.GLOBAL,
        initArgs = {@ResourceArg(name = "database", value = "retention"),
                @ResourceArg(name = "kafka-principal", value = "retention-service")})
class ErasureRequestTest {

    /** The legal deadline is counted in Helsinki's days, as the service counts it. */
    private static final ZoneId HELSINKI = ZoneId.of("Europe/Helsinki");

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final KafkaClients kafka = TestKafka.clients();

    private final Tokens tokens = Tokens.ofService();

    @Test
    void aRequestCompletesWhenEveryRequiredHolderHasAcknowledged() {
        UUID customer = UUID.randomUUID();
        String id = given().auth().oauth2(tokens.user(Tokens.OFFICER)).contentType(ContentType.JSON)
                .body(Map.of("customerId", customer, "reason", "DATA_SUBJECT_REQUEST"))
                .when().post("/erasure-requests")
                .then().statusCode(202)
                .header("Location", containsString("/erasure-requests/"))
                .body("status", equalTo("OPEN"))
                .body("deadline", equalTo(LocalDate.now(HELSINKI).plusMonths(1).toString()))
                .extract().path("id");

        Received requested = PublishedEvents.awaitOne(kafka, EventType.ERASURE_REQUESTED, customer.toString(),
                TIMEOUT);
        assertEquals(id, requested.body().get("requestId").asText());
        assertEquals(DataCategory.values().length, requested.body().get("categories").size());

        given().auth().oauth2(tokens.user(Tokens.OFFICER)).contentType(ContentType.JSON)
                .body(Map.of("customerId", customer, "reason", "ABUSE"))
                .when().post("/erasure-requests")
                .then().statusCode(409).contentType("application/problem+json")
                .body("instance", equalTo("/erasure-requests/" + id));

        try (EventPublisher publisher = new EventPublisher(kafka)) {
            acknowledge(publisher, UUID.fromString(id), customer, "customer-service", List.of(
                    new CategoryOutcome(DataCategory.BASIC_DATA, AckOutcome.ERASED, null, null),
                    new CategoryOutcome(DataCategory.BILLING, AckOutcome.RETAINED, "Kirjanpitolaki 2:10",
                            LocalDate.now().plusYears(6))));
        }
        // retention-service has answered for itself; consent-service has not yet.
        await().atMost(TIMEOUT).untilAsserted(() -> given().auth().oauth2(tokens.user(Tokens.AGENT))
                .when().get("/erasure-requests/{id}", id)
                .then().statusCode(200)
                .body("status", equalTo("OPEN"))
                .body("holders.find { it.holder == 'customer-service' }.outcomes[1].outcome", equalTo("RETAINED"))
                .body("holders.find { it.holder == 'retention-service' }.acknowledgedAt", notNullValue()));

        try (EventPublisher publisher = new EventPublisher(kafka)) {
            acknowledge(publisher, UUID.fromString(id), customer, "consent-service", List.of(
                    new CategoryOutcome(DataCategory.MARKETING_PERMISSIONS, AckOutcome.ERASED, null, null)));
        }
        await().atMost(TIMEOUT).untilAsserted(() -> given().auth().oauth2(tokens.user(Tokens.OFFICER))
                .when().get("/erasure-requests/{id}", id)
                .then().statusCode(200).body("status", equalTo("COMPLETED")).body("completedAt", notNullValue()));
        given().auth().oauth2(tokens.user(Tokens.OFFICER)).when().get("/erasure-requests?status=COMPLETED")
                .then().statusCode(200).body("id", hasItem(id));
        // Asking for the erasure and every read of it are in retention-service's audit trail.
        given().auth().oauth2(tokens.user(Tokens.OFFICER)).when().get("/audit?customerId={id}", customer)
                .then().statusCode(200)
                .body("entries.operation", hasItem("erasure.request"))
                .body("entries.operation", hasItem("erasure.read"));
    }

    @Test
    void onlyAPrivacyOfficerMayEraseForAbuse() {
        given().auth().oauth2(tokens.user(Tokens.AGENT)).contentType(ContentType.JSON)
                .body(Map.of("customerId", UUID.randomUUID(), "reason", "ABUSE"))
                .when().post("/erasure-requests")
                .then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(tokens.user(Tokens.AGENT)).contentType(ContentType.JSON)
                .body(Map.of("customerId", UUID.randomUUID(), "reason", "DATA_SUBJECT_REQUEST"))
                .when().post("/erasure-requests").then().statusCode(202);
        given().auth().oauth2(tokens.user(Tokens.OFFICER)).contentType(ContentType.JSON)
                .body(Map.of("customerId", "not-a-uuid", "reason", "ABUSE"))
                .when().post("/erasure-requests").then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(tokens.user(Tokens.OFFICER)).when().get("/erasure-requests/{id}", UUID.randomUUID())
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void aHolderThatMissesItsDeadlineMakesTheRequestOverdueAndGetsItAgain() {
        given().auth().oauth2(tokens.serviceAccount("newsletter-platform")).contentType(ContentType.JSON)
                .body(Map.of("id", "slow-archive", "description", "An archive that never answers",
                        "categories", List.of("BASIC_DATA"), "acknowledgementRequired", true,
                        "acknowledgementDeadline", "PT1S"))
                .when().post("/holders").then().statusCode(201);
        try {
            UUID customer = UUID.randomUUID();
            String id = given().auth().oauth2(tokens.user(Tokens.OFFICER)).contentType(ContentType.JSON)
                    .body(Map.of("customerId", customer, "reason", "RETENTION_EXPIRED"))
                    .when().post("/erasure-requests").then().statusCode(202).extract().path("id");

            await().atMost(TIMEOUT).untilAsserted(() -> given().auth().oauth2(tokens.user(Tokens.OFFICER))
                    .when().get("/erasure-requests/{id}", id)
                    .then().statusCode(200)
                    .body("status", equalTo("OVERDUE"))
                    .body("holders.find { it.holder == 'slow-archive' }.late", equalTo(true))
                    .body("holders.find { it.holder == 'slow-archive' }.publications", greaterThanOrEqualTo(2)));
            given().auth().oauth2(tokens.user(Tokens.OFFICER)).when().get("/erasure-requests?status=OVERDUE")
                    .then().statusCode(200).body("id", hasItem(id));
            PublishedEvents.await(kafka, Topics.PRIVACY_REQUESTS, customer.toString(), list -> list.size() >= 2,
                    TIMEOUT).forEach(e -> assertEquals(id, e.body().get("requestId").asText()));
            given().when().get("/q/metrics").then().statusCode(200)
                    .body(containsString("rekisteri_erasure_requests{status=\"overdue\"}"));
        } finally {
            given().auth().oauth2(tokens.user(Tokens.OFFICER)).when().delete("/holders/slow-archive")
                    .then().statusCode(204);
        }
        given().auth().oauth2(tokens.user(Tokens.OFFICER)).when().delete("/holders/customer-service")
                .then().statusCode(409);
    }

    @Test
    void aDataSubjectAsksForTheirOwnErasureOnlyAndFollowsIt() {
        UUID own = UUID.randomUUID();
        UUID someoneElse = UUID.randomUUID();
        try (EventPublisher publisher = new EventPublisher(kafka)) {
            publisher.publish(EventType.CUSTOMER_REGISTERED, own,
                    new CustomerRegistered(own, Instant.now(), "SELF", TestPersonalData.CUSTOMER_SUBJECT));
        }
        String theirs = given().auth().oauth2(tokens.user(Tokens.OFFICER)).contentType(ContentType.JSON)
                .body(Map.of("customerId", someoneElse, "reason", "DATA_SUBJECT_REQUEST"))
                .when().post("/erasure-requests").then().statusCode(202).extract().path("id");

        String mine = await().atMost(TIMEOUT).until(() -> given().auth().oauth2(tokens.user(Tokens.CUSTOMER))
                .contentType(ContentType.JSON).body(Map.of("customerId", own, "reason", "DATA_SUBJECT_REQUEST"))
                .when().post("/erasure-requests").then().extract(), r -> r.statusCode() == 202).path("id");
        given().auth().oauth2(tokens.user(Tokens.CUSTOMER)).when().get("/erasure-requests/{id}", mine)
                .then().statusCode(200).body("customerId", equalTo(own.toString()));

        given().auth().oauth2(tokens.user(Tokens.CUSTOMER)).when().get("/erasure-requests/{id}", theirs)
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(tokens.user(Tokens.CUSTOMER)).contentType(ContentType.JSON)
                .body(Map.of("customerId", someoneElse, "reason", "DATA_SUBJECT_REQUEST"))
                .when().post("/erasure-requests").then().statusCode(404);
        given().auth().oauth2(tokens.user(Tokens.OFFICER)).when().get("/audit?customerId={id}", someoneElse)
                .then().statusCode(200).body("entries.outcome", hasItem("DENIED"));
    }

    private static void acknowledge(EventPublisher publisher, UUID requestId, UUID customer, String holder,
            List<CategoryOutcome> outcomes) {
        publisher.publish(EventType.HOLDER_ACKNOWLEDGED, customer,
                new HolderAcknowledged(null, requestId, holder, customer, outcomes, Instant.now()));
    }
}
