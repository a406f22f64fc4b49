package fi.imediat.rekisteri.consent;

import fi.imediat.rekisteri.events.AckOutcome;
import fi.imediat.rekisteri.events.DataCategory;
import fi.imediat.rekisteri.events.EventType;
import fi.imediat.rekisteri.events.HolderAcknowledged;
import fi.imediat.rekisteri.events.HolderAcknowledged.CategoryOutcome;
import fi.imediat.rekisteri.infra.KafkaClients;
import fi.imediat.rekisteri.testsupport.EventPublisher;
import fi.imediat.rekisteri.testsupport.RekisteriTestInfrastructure;
import fi.imediat.rekisteri.testsupport.TestKafka;
import fi.imediat.rekisteri.testsupport.Tokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The consent history shows, per withdrawal and prohibition, which holders have acknowledged applying it. */
@QuarkusTest
@WithTestResource(value = RekisteriTestInfrastructure.class, scope = TestResourceScope.GLOBAL,
        initArgs = {@ResourceArg(name = "database", value = "consent"),
                @ResourceArg(name = "kafka-principal", value = "consent-service")})
@WithTestResource(value = CustomerServiceStandIn.class, scope = TestResourceScope.GLOBAL)
class PropagationHistoryTest {

    private final KafkaClients kafka = TestKafka.clients();

    private final Tokens tokens = Tokens.ofService();

    @Test
    void holdersAcknowledgementsOfWithdrawalsAndProhibitionsAreInTheHistory() throws Exception {
        UUID customer = UUID.randomUUID();
        set(customer, "GRANTED");
        String withdrawal = set(customer, "WITHDRAWN");
        String prohibitionEvent = given().auth().oauth2(tokens.user(Tokens.AGENT)).contentType(ContentType.JSON)
                .body(Map.of("scope", "DISCLOSURE", "source", "WEB_FORM"))
                .when().post("/customers/{id}/prohibitions", customer)
                .then().statusCode(201).extract().path("addedEventId");
        Instant at = Instant.parse("2026-01-02T03:04:05Z");
        try (EventPublisher publisher = new EventPublisher(kafka)) {
            CategoryOutcome applied = new CategoryOutcome(DataCategory.MARKETING_PERMISSIONS, AckOutcome.APPLIED,
                    null, null);
            UUID ackId = UUID.randomUUID();
            HolderAcknowledged newsletter = new HolderAcknowledged(UUID.fromString(withdrawal), null,
                    "newsletter-platform", customer, List.of(applied), at);
            publisher.publish(EventType.HOLDER_ACKNOWLEDGED, ackId, customer, newsletter);
            publisher.publish(EventType.HOLDER_ACKNOWLEDGED, ackId, customer, newsletter);
            // Not this service's events: a request, and an event it never published.
            publisher.publish(EventType.HOLDER_ACKNOWLEDGED, customer, new HolderAcknowledged(null,
                    UUID.randomUUID(), "crm", customer, List.of(applied), at));
            publisher.publish(EventType.HOLDER_ACKNOWLEDGED, customer, new HolderAcknowledged(UUID.randomUUID(),
                    null, "crm", customer, List.of(applied), at));
            publisher.publish(EventType.HOLDER_ACKNOWLEDGED, customer, new HolderAcknowledged(
                    UUID.fromString(prohibitionEvent), null, "crm", customer,
                    List.of(CategoryOutcome.of(AckOutcome.NOT_HELD)), at));
        }

        JsonPath history = TestDatabase.await(() -> history(customer),
                h -> count(h, "find { it.eventId == '" + withdrawal + "' }.acknowledgements") == 2
                        && count(h, "find { it.type == 'PROHIBITION_ADDED' }.acknowledgements") == 2);
        assertEquals(List.of("CONSENT_CHANGE", "CONSENT_CHANGE", "PROHIBITION_ADDED"), history.getList("type"));
        assertEquals(List.of(), history.getList("[0].acknowledgements"));
        assertEquals(List.of("newsletter-platform", "consent-service"),
                history.getList("[1].acknowledgements.holder"));
        assertEquals(List.of("MARKETING_PERMISSIONS:APPLIED"), history.getList("[1].acknowledgements[0].outcomes"));
        assertEquals("2026-01-02T03:04:05Z", history.getString("[1].acknowledgements[0].acknowledgedAt"));
        assertEquals(List.of("crm", "consent-service"), history.getList("[2].acknowledgements.holder"));
        assertEquals("DISCLOSURE", history.getString("[2].scope"));
    }

    private static int count(JsonPath history, String path) {
        List<Object> list = history.getList(path);
        return list == null ? 0 : list.size();
    }

    private JsonPath history(UUID customer) {
        return given().auth().oauth2(tokens.user(Tokens.OFFICER))
                .when().get("/customers/{id}/consents/history", customer)
                .then().statusCode(200).extract().jsonPath();
    }

    private String set(UUID customer, String status) {
        return given().auth().oauth2(tokens.user(Tokens.AGENT)).contentType(ContentType.JSON)
                .body(Map.of("status", status, "evidence", Map.of("source", "WEB_FORM")))
                .when().put("/customers/{id}/consents/DIRECT_MARKETING/EMAIL", customer)
                .then().statusCode(200).extract().path("eventId");
    }
}
