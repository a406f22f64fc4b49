package fi.imediat.rekisteri.customer;

import fi.imediat.rekisteri.events.EventType;
import fi.imediat.rekisteri.events.Topics;
import fi.imediat.rekisteri.infra.KafkaClients;
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
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Services acquired with start and end, service identifiers and benefit use; closing and reopening. */
@QuarkusTest
@WithTestResource(value = RekisteriTestInfrastructure.class, scope = TestResourceScope.GLOBAL,
        initArgs = {@ResourceArg(name = "database", value = "customer"),
                @ResourceArg(name = "kafka-principal", value = "customer-service")})
class CustomershipTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final KafkaClients kafka = TestKafka.clients();

    private final Tokens tokens = Tokens.ofService();

    @Test
    void servicesStartAndEndWithEventsAndArePaged() {
        String id = register();
        String first = start(id, Map.of("productCode", "HS-DIGI", "startDate", "2025-01-01"));
        String second = start(id, Map.of("productCode", "HS-PRINT-7", "startDate", "2025-02-01"));

        String cursor = agent().queryParam("limit", 1).when().get("/customers/{id}/subscriptions", id)
                .then().statusCode(200).body("items.id", contains(first)).body("items[0].state", equalTo("ACTIVE"))
                .extract().path("nextCursor");
        agent().queryParam("limit", 1).queryParam("cursor", cursor).when().get("/customers/{id}/subscriptions", id)
                .then().statusCode(200).body("items.id", contains(second)).body("nextCursor", nullValue());

        agent().contentType("application/merge-patch+json").body(Map.of("endDate", "2025-06-30"))
                .when().patch("/customers/{id}/subscriptions/{sid}", id, first)
                .then().statusCode(200).body("state", equalTo("ENDED")).body("endDate", equalTo("2025-06-30"));
        agent().contentType(ContentType.JSON).body(Map.of())
                .when().patch("/customers/{id}/subscriptions/{sid}", id, first).then().statusCode(409);
        agent().contentType(ContentType.JSON).body(Map.of("endDate", "2024-01-01"))
                .when().patch("/customers/{id}/subscriptions/{sid}", id, second)
                .then().statusCode(400).body("violations.field", hasItem("endDate"));
        agent().contentType(ContentType.JSON).body(Map.of())
                .when().patch("/customers/{id}/subscriptions/{sid}", id, UUID.randomUUID()).then().statusCode(404);
        agent().contentType(ContentType.JSON).body(Map.of("productCode", "lower case", "startDate", "2025-01-01"))
                .when().post("/customers/{id}/subscriptions", id)
                .then().statusCode(400).body("violations.field", hasItem("productCode"));

        List<Received> events = PublishedEvents.await(kafka, Topics.CUSTOMER, id,
                list -> list.stream().anyMatch(e -> e.type() == EventType.SUBSCRIPTION_ENDED), TIMEOUT);
        Received ended = events.stream().filter(e -> e.type() == EventType.SUBSCRIPTION_ENDED).findFirst()
                .orElseThrow();
        assertEquals(first, ended.body().get("subscriptionId").asText());
        assertEquals("2025-06-30", ended.body().get("endDate").asText());
        assertEquals(2, events.stream().filter(e -> e.type() == EventType.SUBSCRIPTION_STARTED).count());
    }

    @Test
    void closureEndsOpenServicesAndTheRelationshipEndsWithTheLastServiceAndANewServiceReopensIt() {
        String id = register();
        start(id, Map.of("productCode", "HS-DIGI", "startDate", "2025-01-01"));
        String later = LocalDate.now().plusMonths(2).toString();
        start(id, Map.of("productCode", "HS-PRINT-7", "startDate", "2025-01-01", "endDate", later));

        agent().contentType(ContentType.JSON).body(Map.of("reason", "CUSTOMER_REQUEST"))
                .when().post("/customers/{id}/closure", id)
                .then().statusCode(200).body("relationshipEndedOn", equalTo(later));
        Received closed = PublishedEvents.awaitOne(kafka, EventType.CUSTOMER_CLOSED, id, TIMEOUT);
        assertEquals(later, closed.body().get("relationshipEndedOn").asText());
        agent().when().get("/customers/{id}/subscriptions", id).then().statusCode(200)
                .body("items.state", contains("ENDED", "ACTIVE"))
                .body("items[0].endDate", equalTo(LocalDate.now().toString()));

        String reopening = start(id, Map.of("productCode", "HS-DIGI", "startDate", LocalDate.now().toString()));
        agent().when().get("/customers/{id}", id).then().statusCode(200)
                .body("status", equalTo("ACTIVE")).body("closureReason", nullValue());
        List<Received> events = PublishedEvents.await(kafka, Topics.CUSTOMER, id,
                list -> list.stream().anyMatch(e -> reopening.equals(e.body().path("subscriptionId").asText())),
                TIMEOUT);
        assertEquals(EventType.SUBSCRIPTION_STARTED, events.get(events.size() - 1).type());
    }

    @Test
    void aServiceEndsOnItsPlannedDateAndWithTheLastServiceTheRelationshipEnds() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        String yesterday = today.minusDays(1).toString();
        String id = register();
        String planned = start(id, Map.of("productCode", "HS-DIGI", "startDate", "2025-01-01", "endDate", yesterday));

        // The job ends it as of its date, and the customer, left without a service, is closed as of that day.
        Received closed = PublishedEvents.awaitOne(kafka, EventType.CUSTOMER_CLOSED, id, TIMEOUT);
        assertEquals(yesterday, closed.body().get("relationshipEndedOn").asText());
        assertEquals("RELATIONSHIP_ENDED", closed.body().get("reason").asText());
        Received ended = PublishedEvents.awaitOne(kafka, EventType.SUBSCRIPTION_ENDED, id, TIMEOUT);
        assertEquals(planned, ended.body().get("subscriptionId").asText());
        assertEquals(yesterday, ended.body().get("endDate").asText());
        agent().when().get("/customers/{id}/subscriptions", id).then().statusCode(200)
                .body("items.state", contains("ENDED")).body("items[0].endDate", equalTo(yesterday));
        agent().when().get("/customers/{id}", id).then().statusCode(200)
                .body("status", equalTo("CLOSED")).body("relationshipEndedOn", equalTo(yesterday));

        // A request to end a service on a later day plans its end: it runs until then.
        String other = register();
        String running = start(other, Map.of("productCode", "HS-DIGI", "startDate", today.toString()));
        String nextMonth = today.plusMonths(1).toString();
        agent().contentType(ContentType.JSON).body(Map.of("endDate", nextMonth))
                .when().patch("/customers/{id}/subscriptions/{sid}", other, running)
                .then().statusCode(200).body("state", equalTo("ACTIVE")).body("endDate", equalTo(nextMonth));
        // Ended now instead: the last service, so the relationship ends today.
        agent().contentType(ContentType.JSON).body(Map.of())
                .when().patch("/customers/{id}/subscriptions/{sid}", other, running)
                .then().statusCode(200).body("state", equalTo("ENDED")).body("endDate", equalTo(today.toString()));
        agent().when().get("/customers/{id}", other).then().statusCode(200)
                .body("status", equalTo("CLOSED")).body("relationshipEndedOn", equalTo(today.toString()));

        // Here the clock is the system's: it cannot be moved (MovedClockTest moves it).
        given().auth().oauth2(tokens.serviceAccount("customer-service")).contentType(ContentType.JSON)
                .body(Map.of("by", "P1D")).when().post("/time/advance")
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(tokens.serviceAccount("customer-service")).when().get("/time")
                .then().statusCode(200).body("movable", equalTo(false));
    }

    @Test
    void serviceIdentifiersAndBenefitUseAreRecordedAndListed() {
        String id = register();
        String identifier = "device-" + UUID.randomUUID();
        agent().contentType(ContentType.JSON).body(Map.of("service", "hs-app", "identifier", identifier))
                .when().post("/customers/{id}/service-identifiers", id).then().statusCode(201)
                .body("id", notNullValue());
        agent().contentType(ContentType.JSON).body(Map.of("service", "hs-app", "identifier", identifier))
                .when().post("/customers/{id}/service-identifiers", register()).then().statusCode(409);
        agent().when().get("/customers/{id}/service-identifiers", id).then().statusCode(200)
                .body("items.identifier", contains(identifier));

        agent().contentType(ContentType.JSON).body(Map.of("benefitCode", "LIPPU-2F1",
                        "usedAt", "2025-03-01T10:00:00Z"))
                .when().post("/customers/{id}/benefit-uses", id).then().statusCode(201);
        agent().contentType(ContentType.JSON).body(Map.of("benefitCode", "KAHVI"))
                .when().post("/customers/{id}/benefit-uses", id).then().statusCode(201);
        agent().when().get("/customers/{id}/benefit-uses", id).then().statusCode(200)
                .body("items.benefitCode", contains("LIPPU-2F1", "KAHVI"))
                .body("items[0].usedAt", equalTo("2025-03-01T10:00:00Z"));

        given().auth().oauth2(tokens.user(Tokens.CUSTOMER)).when().get("/customers/{id}/benefit-uses", id)
                .then().statusCode(404);
        agent().when().get("/customers/{id}/subscriptions", UUID.randomUUID()).then().statusCode(404);
    }

    @Test
    void aClosedCustomerWhoseEmailAnotherActiveCustomerHasIsNotReopened() {
        String email = TestPersonalData.email("palaava");
        String closed = agent().contentType(ContentType.JSON).body(BasicDataTest.customer(email))
                .when().post("/customers").then().statusCode(201).extract().path("id");
        agent().contentType(ContentType.JSON).body(Map.of("reason", "CUSTOMER_REQUEST"))
                .when().post("/customers/{id}/closure", closed).then().statusCode(200);
        agent().contentType(ContentType.JSON).body(BasicDataTest.customer(email))
                .when().post("/customers").then().statusCode(201);

        agent().contentType(ContentType.JSON).body(Map.of("productCode", "HS-DIGI", "startDate", "2025-01-01"))
                .when().post("/customers/{id}/subscriptions", closed).then().statusCode(409);
        agent().when().get("/customers/{id}", closed).then().statusCode(200).body("status", equalTo("CLOSED"));
    }

    private RequestSpecification agent() {
        return given().auth().oauth2(tokens.user(Tokens.AGENT));
    }

    private String start(String id, Map<String, String> body) {
        return agent().contentType(ContentType.JSON).body(body).when().post("/customers/{id}/subscriptions", id)
                .then().statusCode(201).body("state", equalTo("ACTIVE")).extract().path("id");
    }

    private String register() {
        return agent().contentType(ContentType.JSON)
                .body(Map.of("firstName", TestPersonalData.FIRST_NAME, "lastName", TestPersonalData.LAST_NAME))
                .when().post("/customers").then().statusCode(201).extract().path("id");
    }
}
