package fi.imediat.rekisteri.customer;

import fi.imediat.rekisteri.events.Channel;
import fi.imediat.rekisteri.events.ConsentWithdrawn;
import fi.imediat.rekisteri.events.EventType;
import fi.imediat.rekisteri.events.Purpose;
import fi.imediat.rekisteri.infra.KafkaClients;
import fi.imediat.rekisteri.testsupport.EventPublisher;
import fi.imediat.rekisteri.testsupport.PublishedEvents;
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
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;

/** Marketing reads of interests honour withdrawals and prohibitions. */
@QuarkusTest
@WithTestResource(value = RekisteriTestInfrastructure.class, scope = TestResourceScope.GLOBAL,
        initArgs = {@ResourceArg(name = "database", value = "customer"),
                @ResourceArg(name = "kafka-principal", value = "customer-service")})
class TargetingTest {

    private final KafkaClients kafka = TestKafka.clients();

    private final Tokens tokens = Tokens.ofService();

    @Test
    void aWithdrawnConsentHidesTheInterestsFromThatPurposeAndChannelOnly() {
        String id = given().auth().oauth2(tokens.user(Tokens.AGENT)).contentType(ContentType.JSON)
                .body(BasicDataTest.customer(TestPersonalData.email("kohde")))
                .when().post("/customers").then().statusCode(201).extract().path("id");
        read(id, "PARTNER_TARGETING", "EMAIL").body("restricted", equalTo(false))
                .body("interests", contains("news", "sports"));

        UUID customer = UUID.fromString(id);
        try (EventPublisher publisher = new EventPublisher(kafka)) {
            publisher.publish(EventType.CONSENT_WITHDRAWN, customer, new ConsentWithdrawn(customer,
                    Purpose.PARTNER_TARGETING, Channel.EMAIL, Instant.now(), "WEB_FORM"));
        }
        PublishedEvents.awaitAcknowledgement(kafka, "customer-service", id, Duration.ofSeconds(20));

        read(id, "PARTNER_TARGETING", "EMAIL").body("restricted", equalTo(true)).body("interests", empty());
        read(id, "PARTNER_TARGETING", "SMS").body("restricted", equalTo(false));
        given().auth().oauth2(tokens.user(Tokens.MARKETER)).queryParam("purpose", "PARTNER_TARGETING")
                .queryParam("channel", "EMAIL").when().get("/customers/{id}/targeting-interests", id)
                .then().statusCode(403);
    }

    private io.restassured.response.ValidatableResponse read(String id, String purpose, String channel) {
        return given().auth().oauth2(tokens.serviceAccount("customer-service")).queryParam("purpose", purpose)
                .queryParam("channel", channel).when().get("/customers/{id}/targeting-interests", id)
                .then().statusCode(200);
    }
}
