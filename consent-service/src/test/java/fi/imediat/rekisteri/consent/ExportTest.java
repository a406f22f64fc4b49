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
import static org.hamcrest.Matchers.hasSize;

/** consent-service's part of an access request: everything it holds about the person, audited as EXPORT. */
@QuarkusTest
@WithTestResource(value = RekisteriTestInfrastructure.class, scope = TestResourceScope.GLOBAL,
        initArgs = {@ResourceArg(name = "database", value = "consent"),
                @ResourceArg(name = "kafka-principal", value = "consent-service")})
@WithTestResource(value = CustomerServiceStandIn.class, scope = TestResourceScope.GLOBAL)
class ExportTest {

    private final KafkaClients kafka = TestKafka.clients();

    private final Tokens tokens = Tokens.ofService();

    @Test
    void aDataSubjectExportsTheirOwnRecordOnlyAndOfficersAnyone() {
        UUID own = UUID.randomUUID();
        UUID someoneElse = UUID.randomUUID();
        try (EventPublisher publisher = new EventPublisher(kafka)) {
            publisher.publish(EventType.CUSTOMER_REGISTERED, own,
                    new CustomerRegistered(own, Instant.now(), "SELF", TestPersonalData.CUSTOMER_SUBJECT));
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                given().auth().oauth2(tokens.user(Tokens.CUSTOMER))
                        .when().get("/customers/{id}/export", own).then().statusCode(200));
        given().auth().oauth2(tokens.user(Tokens.AGENT)).contentType(ContentType.JSON)
                .body(Map.of("status", "GRANTED", "evidence", Map.of("source", "CUSTOMER_SERVICE",
                        "textVersion", "2026-01", "note", "Pyysi puhelimessa")))
                .when().put("/customers/{id}/consents/RESEARCH/EMAIL", own).then().statusCode(200);
        given().auth().oauth2(tokens.user(Tokens.CUSTOMER)).contentType(ContentType.JSON)
                .body(Map.of("scope", "DISCLOSURE", "source", "APP"))
                .when().post("/customers/{id}/prohibitions", own).then().statusCode(201);

        given().auth().oauth2(tokens.user(Tokens.CUSTOMER)).when().get("/customers/{id}/export", own)
                .then().statusCode(200)
                .body("customerId", equalTo(own.toString()))
                .body("consents", hasSize(1))
                .body("consents[0].status", equalTo("GRANTED"))
                .body("history", hasSize(2))
                .body("history[0].note", equalTo("Pyysi puhelimessa"))
                .body("history[0].textVersion", equalTo("2026-01"))
                .body("history[1].type", equalTo("PROHIBITION_ADDED"))
                .body("prohibitions[0].scope", equalTo("DISCLOSURE"));
        given().auth().oauth2(tokens.user(Tokens.CUSTOMER)).when().get("/customers/{id}/export", someoneElse)
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(tokens.user(Tokens.OFFICER)).when().get("/customers/{id}/export", someoneElse)
                .then().statusCode(200).body("consents", hasSize(0));
        given().auth().oauth2(tokens.user(Tokens.AGENT)).when().get("/customers/{id}/export", own)
                .then().statusCode(403);

        given().auth().oauth2(tokens.user(Tokens.OFFICER)).when().get("/audit?customerId={id}", own)
                .then().statusCode(200).body("entries.action", hasItem("EXPORT"));
    }
}
