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
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
@WithTestResource(value = RekisteriTestInfrastructure.class, scope = TestResourceScope.GLOBAL,
        initArgs = {@ResourceArg(name = "database", value = "consent"),
                @ResourceArg(name = "kafka-principal", value = "consent-service")})
@WithTestResource(value = CustomerServiceStandIn.class, scope = TestResourceScope.GLOBAL)
class ProhibitionResourceTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final KafkaClients kafka = TestKafka.clients();

    @Inject
    DataSource dataSource;

    private final Tokens tokens = Tokens.ofService();

    @Test
    void aProhibitionIsAddedOnceAnnouncedAcknowledgedAndLiftedByItsOwnAct() {
        UUID customer = UUID.randomUUID();
        Map<String, Object> request = Map.of("scope", "ALL_MARKETING", "channels", List.of(),
                "source", "CUSTOMER_SERVICE", "note", "Asiakas soitti");
        String id = given().auth().oauth2(tokens.user(Tokens.AGENT)).contentType(ContentType.JSON).body(request)
                .when().post("/customers/{id}/prohibitions", customer)
                .then().statusCode(201).body("active", equalTo(true)).body("addedEventId", notNullValue())
                .extract().path("id");
        given().auth().oauth2(tokens.user(Tokens.AGENT)).contentType(ContentType.JSON).body(request)
                .when().post("/customers/{id}/prohibitions", customer)
                .then().statusCode(200).body("id", equalTo(id));

        Received added = PublishedEvents.awaitOne(kafka, EventType.PROHIBITION_ADDED, customer.toString(), TIMEOUT);
        assertEquals(id, added.body().get("prohibitionId").asText());
        assertEquals(0, added.body().get("channels").size());
        // Adding it is applying it here: consent-service's acknowledgement is kept with the prohibition, not published.
        given().auth().oauth2(tokens.user(Tokens.OFFICER)).when().get("/customers/{id}/consents/history", customer)
                .then().statusCode(200)
                .body("find { it.type == 'PROHIBITION_ADDED' }.acknowledgements.holder", contains("consent-service"));
        assertEquals(List.of(0L), TestDatabase.query(dataSource, "SELECT count(*) FROM outbox_event WHERE ce_type = '"
                + EventType.HOLDER_ACKNOWLEDGED.ceType() + "' AND message_key = ?", customer.toString(),
                rows -> rows.getLong(1)));

        Map<String, Object> lift = Map.of("source", "WEB_FORM");
        given().auth().oauth2(tokens.user(Tokens.AGENT)).contentType(ContentType.JSON).body(lift)
                .when().post("/customers/{id}/prohibitions/{p}/lift", customer, id)
                .then().statusCode(200).body("active", equalTo(false)).body("liftedEventId", notNullValue());
        given().auth().oauth2(tokens.user(Tokens.AGENT)).contentType(ContentType.JSON).body(lift)
                .when().post("/customers/{id}/prohibitions/{p}/lift", customer, id)
                .then().statusCode(409).contentType("application/problem+json");
        given().auth().oauth2(tokens.user(Tokens.AGENT)).contentType(ContentType.JSON).body(lift)
                .when().post("/customers/{id}/prohibitions/{p}/lift", customer, UUID.randomUUID())
                .then().statusCode(404).contentType("application/problem+json");

        List<Received> events = PublishedEvents.await(kafka, Topics.CONSENT, customer.toString(),
                list -> list.size() >= 2, TIMEOUT);
        assertEquals(List.of(EventType.PROHIBITION_ADDED, EventType.PROHIBITION_LIFTED),
                events.stream().map(Received::type).toList());
        given().auth().oauth2(tokens.user(Tokens.OFFICER)).when().get("/customers/{id}/prohibitions", customer)
                .then().statusCode(200).body("$", hasSize(1)).body("[0].active", equalTo(false));
    }

    @Test
    void badProhibitionsAreProblems() {
        UUID customer = UUID.randomUUID();
        given().auth().oauth2(tokens.user(Tokens.AGENT)).contentType(ContentType.JSON)
                .body(Map.of("scope", "EVERYTHING", "source", "WEB_FORM"))
                .when().post("/customers/{id}/prohibitions", customer)
                .then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(tokens.user(Tokens.AGENT)).contentType(ContentType.JSON)
                .body(Map.of("scope", "DISCLOSURE", "source", "WEB_FORM",
                        "channels", List.of("EMAIL", "SMS", "PHONE", "POST", "IN_APP", "EMAIL")))
                .when().post("/customers/{id}/prohibitions", customer)
                .then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(tokens.user(Tokens.AGENT)).contentType(ContentType.JSON)
                .body(Map.of("scope", "DISCLOSURE"))
                .when().post("/customers/{id}/prohibitions", customer)
                .then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(tokens.user(Tokens.AGENT)).when().get("/customers/{id}/prohibitions", customer)
                .then().statusCode(200).body("$", hasSize(0));
    }
}
