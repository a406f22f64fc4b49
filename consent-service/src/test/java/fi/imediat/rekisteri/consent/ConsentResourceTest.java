package fi.imediat.rekisteri.consent;

import fi.imediat.rekisteri.events.EventType;
import fi.imediat.rekisteri.events.Topics;
import fi.imediat.rekisteri.infra.KafkaClients;
import fi.imediat.rekisteri.testsupport.PublishedEvents;
import fi.imediat.rekisteri.testsupport.PublishedEvents.Received;
import fi.imediat.rekisteri.testsupport.RekisteriTestInfrastructure;
import fi.imediat.rekisteri.testsupport.TestKafka;
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

import javax.sql.DataSource;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
@WithTestResource(value = RekisteriTestInfrastructure.class, scope = TestResourceScope.GLOBAL,
        initArgs = {@ResourceArg(name = "database", value = "consent"),
                @ResourceArg(name = "kafka-principal", value = "consent-service")})
@WithTestResource(value = CustomerServiceStandIn.class, scope = TestResourceScope.GLOBAL)
class ConsentResourceTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final KafkaClients kafka = TestKafka.clients();

    @Inject
    DataSource dataSource;

    private final Tokens tokens = Tokens.ofService();

    @Test
    void grantWithdrawAndRepeatAreRecordedOnceEach() {
        UUID customer = UUID.randomUUID();
        String granted = put(customer, "DIRECT_MARKETING", "EMAIL", "GRANTED")
                .then().statusCode(200)
                .body("changed", equalTo(true))
                .body("consent.status", equalTo("GRANTED"))
                .extract().path("eventId");
        put(customer, "DIRECT_MARKETING", "EMAIL", "GRANTED")
                .then().statusCode(200).body("changed", equalTo(false)).body("eventId", nullValue());
        String withdrawn = put(customer, "DIRECT_MARKETING", "EMAIL", "WITHDRAWN")
                .then().statusCode(200).body("changed", equalTo(true)).extract().path("eventId");

        List<Received> events = PublishedEvents.await(kafka, Topics.CONSENT, customer.toString(),
                list -> list.size() >= 2, TIMEOUT);
        assertEquals(List.of(granted, withdrawn), events.stream().map(Received::id).toList());
        assertEquals(List.of(EventType.CONSENT_GRANTED, EventType.CONSENT_WITHDRAWN),
                events.stream().map(Received::type).toList());
        // consent-service applied the withdrawal by committing it: its acknowledgement is in the history at once,
        // and none is published (retention-service's ledger counts the event as consent-service's acknowledgement).
        assertEquals(List.of(0L), TestDatabase.query(dataSource, "SELECT count(*) FROM outbox_event WHERE ce_type = '"
                + EventType.HOLDER_ACKNOWLEDGED.ceType() + "' AND message_key = ?", customer.toString(),
                rows -> rows.getLong(1)));

        given().auth().oauth2(tokens.user(Tokens.AGENT))
                .when().get("/customers/{id}/consents/history", customer)
                .then().statusCode(200)
                .body("$", hasSize(2))
                .body("[0].status", equalTo("GRANTED"))
                .body("[0].textVersion", equalTo("2026-01"))
                .body("[0].recordedBy", notNullValue())
                .body("[0].acknowledgements", hasSize(0))
                .body("[1].eventId", equalTo(withdrawn))
                .body("[1].acknowledgements.holder", contains("consent-service"))
                .body("[1].acknowledgements[0].outcomes", contains("APPLIED"));
        given().auth().oauth2(tokens.user(Tokens.AGENT))
                .when().get("/customers/{id}/consents", customer)
                .then().statusCode(200).body("[0].status", equalTo("WITHDRAWN"));
    }

    @Test
    void badInputIsAProblem() {
        UUID customer = UUID.randomUUID();
        given().auth().oauth2(tokens.user(Tokens.AGENT)).contentType(ContentType.JSON)
                .body(Map.of("status", "GRANTED"))
                .when().put("/customers/{id}/consents/{p}/{c}", customer, "RESEARCH", "SMS")
                .then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(tokens.user(Tokens.AGENT)).contentType(ContentType.JSON)
                .body(Map.of("status", "MAYBE", "evidence", Map.of("source", "WEB_FORM")))
                .when().put("/customers/{id}/consents/{p}/{c}", customer, "RESEARCH", "SMS")
                .then().statusCode(400).contentType("application/problem+json");
        put(customer, "TELEPATHY", "SMS", "GRANTED").then().statusCode(404)
                .contentType("application/problem+json");
        given().auth().oauth2(tokens.user(Tokens.AGENT))
                .when().get("/customers/{id}/consents/history", customer)
                .then().statusCode(200).body("$", hasSize(0));
    }

    @Test
    void callersWithoutATokenOrTheRoleAreRefused() {
        UUID customer = UUID.randomUUID();
        given().when().get("/customers/{id}/consents", customer).then().statusCode(401);
        given().contentType(ContentType.JSON).body(body("GRANTED"))
                .when().put("/customers/{id}/consents/{p}/{c}", customer, "RESEARCH", "SMS")
                .then().statusCode(401);
        given().auth().oauth2(tokens.user(Tokens.MARKETER)).contentType(ContentType.JSON).body(body("GRANTED"))
                .when().put("/customers/{id}/consents/{p}/{c}", customer, "RESEARCH", "SMS")
                .then().statusCode(403);
        given().auth().oauth2(tokens.user(Tokens.MARKETER))
                .when().get("/customers/{id}/consents/history", customer).then().statusCode(403);
    }

    private io.restassured.response.Response put(UUID customer, String purpose, String channel, String status) {
        return given().auth().oauth2(tokens.user(Tokens.AGENT)).contentType(ContentType.JSON).body(body(status))
                .when().put("/customers/{id}/consents/{p}/{c}", customer, purpose, channel);
    }

    private static Map<String, Object> body(String status) {
        return Map.of("status", status, "evidence", Map.of("source", "WEB_FORM", "textVersion", "2026-01"));
    }
}
