package fi.imediat.rekisteri.consent;

import fi.imediat.rekisteri.events.CustomerRegistered;
import fi.imediat.rekisteri.events.EventType;
import fi.imediat.rekisteri.infra.KafkaClients;
import fi.imediat.rekisteri.testsupport.EventPublisher;
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
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/** A data subject manages their own consents (linked by customer.registered) and cannot reach anyone else's. */
@QuarkusTest
@WithTestResource(value = RekisteriTestInfrastructure.class, scope = TestResourceScope.GLOBAL,
        initArgs = {@ResourceArg(name = "database", value = "consent"),
                @ResourceArg(name = "kafka-principal", value = "consent-service")})
@WithTestResource(value = CustomerServiceStandIn.class, scope = TestResourceScope.GLOBAL)
class SelfServiceTest {

    private final KafkaClients kafka = TestKafka.clients();

    private final Tokens tokens = Tokens.ofService();

    @Test
    void aDataSubjectManagesOnlyTheirOwnConsents() {
        UUID own = UUID.randomUUID();
        UUID someoneElse = UUID.randomUUID();
        try (EventPublisher publisher = new EventPublisher(kafka)) {
            publisher.publish(EventType.CUSTOMER_REGISTERED, own,
                    new CustomerRegistered(own, Instant.now(), "SELF", TestPersonalData.CUSTOMER_SUBJECT));
            publisher.publish(EventType.CUSTOMER_REGISTERED, someoneElse,
                    new CustomerRegistered(someoneElse, Instant.now(), "REGISTRATION", null));
        }
        Map<String, Object> grant = Map.of("status", "GRANTED", "evidence", Map.of("source", "APP"));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                given().auth().oauth2(tokens.user(Tokens.CUSTOMER)).contentType(ContentType.JSON).body(grant)
                        .when().put("/customers/{id}/consents/PRIZE_DRAWS/EMAIL", own)
                        .then().statusCode(200).body("changed", equalTo(true)));
        given().auth().oauth2(tokens.user(Tokens.CUSTOMER)).when().get("/customers/{id}/consents/history", own)
                .then().statusCode(200).body("[0].recordedBy", equalTo(TestPersonalData.CUSTOMER_SUBJECT));

        Map<String, Object> objection = Map.of("scope", "DIRECT_MARKETING", "source", "APP");
        given().auth().oauth2(tokens.user(Tokens.CUSTOMER)).contentType(ContentType.JSON).body(objection)
                .when().post("/customers/{id}/prohibitions", own).then().statusCode(201);
        given().auth().oauth2(tokens.user(Tokens.CUSTOMER)).contentType(ContentType.JSON).body(objection)
                .when().post("/customers/{id}/prohibitions", someoneElse).then().statusCode(404);

        given().auth().oauth2(tokens.user(Tokens.CUSTOMER)).contentType(ContentType.JSON).body(grant)
                .when().put("/customers/{id}/consents/PRIZE_DRAWS/EMAIL", someoneElse)
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(tokens.user(Tokens.CUSTOMER)).when().get("/customers/{id}/consents", someoneElse)
                .then().statusCode(404);
        given().auth().oauth2(tokens.user(Tokens.AGENT)).when().get("/customers/{id}/consents", someoneElse)
                .then().statusCode(200);

        given().auth().oauth2(tokens.user(Tokens.OFFICER)).when().get("/audit?customerId={id}", someoneElse)
                .then().statusCode(200)
                .body("entries.outcome", hasItem("DENIED"))
                .body("entries.find { it.outcome == 'DENIED' }.purpose", equalTo("DATA_SUBJECT_RIGHTS"));
    }
}
