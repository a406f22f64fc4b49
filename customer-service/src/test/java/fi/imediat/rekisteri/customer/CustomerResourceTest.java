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
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
@WithTestResource(value = RekisteriTestInfrastructure.class, scope = TestResourceScope.GLOBAL,
        initArgs = {@ResourceArg(name = "database", value = "customer"),
                @ResourceArg(name = "kafka-principal", value = "customer-service")})
class CustomerResourceTest {

    private static final Duration EVENT_TIMEOUT = Duration.ofSeconds(20);

    private final KafkaClients kafka = TestKafka.clients();

    @Inject
    TestDatabase database;

    private final Tokens tokens = Tokens.ofService();

    @Test
    void registersACustomerAndPublishesAThinEvent() {
        String email = TestPersonalData.email("Maija.Meikalainen").toUpperCase();
        String id = given().auth().oauth2(tokens.user(Tokens.AGENT))
                .contentType(ContentType.JSON)
                .body(Map.of("firstName", TestPersonalData.FIRST_NAME, "lastName", TestPersonalData.LAST_NAME,
                        "email", email, "birthDate", TestPersonalData.BIRTH_DATE))
                .when().post("/customers")
                .then().statusCode(201)
                .header("Location", containsString("/customers/"))
                .body("status", equalTo("ACTIVE"))
                .body("emails[0].address", equalTo(email.toLowerCase()))
                .body("customerNumber", notNullValue())
                .body("age", notNullValue())
                .extract().path("id");

        given().auth().oauth2(tokens.user(Tokens.AGENT))
                .when().get("/customers/{id}", id)
                .then().statusCode(200).body("lastName", equalTo(TestPersonalData.LAST_NAME));

        Received registered = PublishedEvents.awaitOne(kafka, EventType.CUSTOMER_REGISTERED, id, EVENT_TIMEOUT);
        assertEquals(id, registered.body().get("customerId").asText());
        assertEquals("/rekisteri/customer-service", registered.source());
    }

    @Test
    void closureEndsTheRelationshipAndItsEventStandsForThisHoldersAcknowledgement() {
        String id = register();
        String eventId = given().auth().oauth2(tokens.user(Tokens.AGENT))
                .contentType(ContentType.JSON).body(Map.of("reason", "CUSTOMER_REQUEST"))
                .when().post("/customers/{id}/closure", id)
                .then().statusCode(200)
                .body("status", equalTo("CLOSED"))
                .body("relationshipEndedOn", notNullValue())
                .extract().path("eventId");

        Received closed = PublishedEvents.awaitOne(kafka, EventType.CUSTOMER_CLOSED, id, EVENT_TIMEOUT);
        assertEquals(eventId, closed.id());
        assertEquals("CUSTOMER_REQUEST", closed.body().get("reason").asText());
        // customer-service applied the closure by committing it: no acknowledgement of its own event goes out
        // (retention-service's ledger counts the event as customer-service's acknowledgement).
        assertEquals(0, database.count("SELECT count(*) FROM outbox_event WHERE ce_subject = ? AND ce_type = ?",
                id, EventType.HOLDER_ACKNOWLEDGED.ceType()));

        given().auth().oauth2(tokens.user(Tokens.AGENT))
                .contentType(ContentType.JSON).body(Map.of("reason", "CUSTOMER_REQUEST"))
                .when().post("/customers/{id}/closure", id)
                .then().statusCode(409).contentType("application/problem+json");
    }

    @Test
    void eventsOfOneCustomerKeepTheirOrder() {
        String id = register();
        given().auth().oauth2(tokens.user(Tokens.AGENT))
                .contentType(ContentType.JSON).body(Map.of("reason", "RELATIONSHIP_ENDED"))
                .when().post("/customers/{id}/closure", id).then().statusCode(200);
        List<Received> events = PublishedEvents.await(kafka, Topics.CUSTOMER, id, list -> list.size() >= 2,
                EVENT_TIMEOUT);
        assertEquals(List.of(EventType.CUSTOMER_REGISTERED, EventType.CUSTOMER_CLOSED),
                events.stream().map(Received::type).toList());
    }

    @Test
    void duplicateEmailIsAConflictAndStoresNothing() {
        String email = TestPersonalData.email("dup");
        given().auth().oauth2(tokens.user(Tokens.AGENT)).contentType(ContentType.JSON)
                .body(Map.of("firstName", TestPersonalData.FIRST_NAME, "lastName", TestPersonalData.LAST_NAME,
                        "email", email))
                .when().post("/customers").then().statusCode(201);
        given().auth().oauth2(tokens.user(Tokens.AGENT)).contentType(ContentType.JSON)
                .body(Map.of("firstName", TestPersonalData.OTHER_FIRST_NAME,
                        "lastName", TestPersonalData.OTHER_LAST_NAME, "email", email.toUpperCase()))
                .when().post("/customers")
                .then().statusCode(409)
                .contentType("application/problem+json")
                .body("detail", not(containsString(email)));
    }

    @Test
    void invalidInputIsAProblemNamingTheField() {
        given().auth().oauth2(tokens.user(Tokens.AGENT)).contentType(ContentType.JSON)
                .body(Map.of("firstName", "A", "lastName", "B", "email", "not-an-email"))
                .when().post("/customers")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("violations.field", hasItem("email"))
                .body("detail", not(containsString("not-an-email")));

        given().auth().oauth2(tokens.user(Tokens.AGENT)).contentType(ContentType.JSON)
                .body("{\"firstName\": \"A\", ")
                .when().post("/customers")
                .then().statusCode(400).contentType("application/problem+json");

        given().auth().oauth2(tokens.user(Tokens.AGENT)).contentType(ContentType.JSON)
                .body(Map.of("reason", "BECAUSE"))
                .when().post("/customers/{id}/closure", UUID.randomUUID())
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("reason"));

        given().auth().oauth2(tokens.user(Tokens.AGENT))
                .when().get("/customers/not-a-uuid")
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void unknownCustomerIsNotFound() {
        given().auth().oauth2(tokens.user(Tokens.AGENT))
                .when().get("/customers/{id}", UUID.randomUUID())
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void callersWithoutATokenOrTheRoleAreRefused() {
        given().when().get("/customers/{id}", UUID.randomUUID()).then().statusCode(401);
        given().contentType(ContentType.JSON).body(Map.of("firstName", "A", "lastName", "B"))
                .when().post("/customers").then().statusCode(401);
        given().auth().oauth2(tokens.user(Tokens.MARKETER))
                .when().get("/customers/{id}", UUID.randomUUID()).then().statusCode(403);
        given().auth().oauth2(tokens.user(Tokens.MARKETER)).contentType(ContentType.JSON)
                .body(Map.of("reason", "ABUSE"))
                .when().post("/customers/{id}/closure", UUID.randomUUID()).then().statusCode(403);
    }

    @Test
    void healthMetricsAndOpenApiArePublic() {
        given().when().get("/q/health/ready").then().statusCode(200);
        given().when().get("/q/metrics").then().statusCode(200).body(containsString("jvm_"));
        given().when().get("/q/openapi").then().statusCode(200).body(containsString("/customers"));
    }

    private String register() {
        return given().auth().oauth2(tokens.user(Tokens.AGENT)).contentType(ContentType.JSON)
                .body(Map.of("firstName", TestPersonalData.OTHER_FIRST_NAME,
                        "lastName", TestPersonalData.OTHER_LAST_NAME, "email", TestPersonalData.email("matti")))
                .when().post("/customers").then().statusCode(201).extract().path("id");
    }
}
