package fi.imediat.rekisteri.consent;

import fi.imediat.rekisteri.events.DataCategory;
import fi.imediat.rekisteri.events.ErasureReason;
import fi.imediat.rekisteri.events.ErasureRequested;
import fi.imediat.rekisteri.events.EventType;
import fi.imediat.rekisteri.events.Topics;
import fi.imediat.rekisteri.testsupport.EventPublisher;
import fi.imediat.rekisteri.testsupport.PublishedEvents;
import fi.imediat.rekisteri.testsupport.PublishedEvents.Received;
import fi.imediat.rekisteri.testsupport.RekisteriTestInfrastructure;
import fi.imediat.rekisteri.testsupport.Tokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Erasure removes the consent states and free text, keeps the proofs, and says so in its acknowledgement. */
@QuarkusTest
@WithTestResource(value = RekisteriTestInfrastructure.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "database", value = "consent"))
@WithTestResource(value = CustomerServiceStandIn.class, scope = TestResourceScope.GLOBAL)
class ErasureTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    private final Tokens tokens = Tokens.ofService();

    @Test
    void erasureKeepsTheProofsWithoutFreeTextAndAnswersRetained() {
        UUID customer = UUID.randomUUID();
        given().auth().oauth2(tokens.user(Tokens.AGENT)).contentType(ContentType.JSON)
                .body(Map.of("status", "GRANTED", "evidence", Map.of("source", "CUSTOMER_SERVICE",
                        "note", "Soitti ja kertoi perheestään")))
                .when().put("/customers/{id}/consents/RESEARCH/PHONE", customer).then().statusCode(200);
        given().auth().oauth2(tokens.user(Tokens.AGENT)).contentType(ContentType.JSON)
                .body(Map.of("scope", "DISTANCE_SELLING", "source", "CUSTOMER_SERVICE", "note", "Vihainen"))
                .when().post("/customers/{id}/prohibitions", customer).then().statusCode(201);

        UUID requestId = UUID.randomUUID();
        try (EventPublisher publisher = new EventPublisher(kafka)) {
            publisher.publish(EventType.ERASURE_REQUESTED, customer, new ErasureRequested(requestId, customer,
                    ErasureReason.DATA_SUBJECT_REQUEST, LocalDate.now().plusMonths(1),
                    List.of(DataCategory.MARKETING_PERMISSIONS, DataCategory.BILLING)));
        }
        Received ack = PublishedEvents.await(kafka, Topics.PRIVACY_REPLIES, customer.toString(),
                        list -> list.stream().anyMatch(e -> requestId.toString().equals(
                                e.body().path("requestId").asText())), Duration.ofSeconds(20)).stream()
                .filter(e -> requestId.toString().equals(e.body().path("requestId").asText())).findFirst()
                .orElseThrow();
        assertEquals("RETAINED", ack.body().get("outcomes").get(0).get("outcome").asText());
        assertEquals(LocalDate.now().plusYears(3).toString(), ack.body().get("outcomes").get(0)
                .get("retainedUntil").asText());
        assertEquals("NOT_HELD", ack.body().get("outcomes").get(1).get("outcome").asText());

        given().auth().oauth2(tokens.user(Tokens.OFFICER)).when().get("/customers/{id}/consents", customer)
                .then().statusCode(200).body("$", hasSize(0));
        given().auth().oauth2(tokens.user(Tokens.OFFICER)).when().get("/customers/{id}/consents/history", customer)
                .then().statusCode(200).body("$", hasSize(1)).body("note", everyItem(nullValue()));
        given().auth().oauth2(tokens.user(Tokens.OFFICER)).when().get("/customers/{id}/prohibitions", customer)
                .then().statusCode(200).body("[0].active", equalTo(true));
    }
}
