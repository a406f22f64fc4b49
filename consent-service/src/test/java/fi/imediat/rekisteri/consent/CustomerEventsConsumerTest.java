package fi.imediat.rekisteri.consent;

import fi.imediat.rekisteri.events.ClosureReason;
import fi.imediat.rekisteri.events.CustomerClosed;
import fi.imediat.rekisteri.events.EventType;
import fi.imediat.rekisteri.events.Topics;
import fi.imediat.rekisteri.infra.KafkaClients;
import fi.imediat.rekisteri.testsupport.EventPublisher;
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
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
@WithTestResource(value = RekisteriTestInfrastructure.class, scope = TestResourceScope.GLOBAL,
        initArgs = {@ResourceArg(name = "database", value = "consent"),
                @ResourceArg(name = "kafka-principal", value = "consent-service")})
@WithTestResource(value = CustomerServiceStandIn.class, scope = TestResourceScope.GLOBAL)
class CustomerEventsConsumerTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final KafkaClients kafka = TestKafka.clients();

    private final Tokens tokens = Tokens.ofService();

    @Test
    void closureOnTheCustomersRequestWithdrawsEveryConsentAndIsAcknowledgedOnce() {
        UUID customer = UUID.randomUUID();
        given().auth().oauth2(tokens.user(Tokens.AGENT)).contentType(ContentType.JSON)
                .body(Map.of("status", "GRANTED", "evidence", Map.of("source", "WEB_FORM")))
                .when().put("/customers/{id}/consents/DIRECT_MARKETING/SMS", customer)
                .then().statusCode(200);

        UUID closure = UUID.randomUUID();
        CustomerClosed closed = new CustomerClosed(customer, ClosureReason.CUSTOMER_REQUEST, Instant.now(),
                LocalDate.now());
        try (EventPublisher publisher = new EventPublisher(kafka)) {
            publisher.publish(EventType.CUSTOMER_CLOSED, closure, customer, closed);
            publisher.publish(EventType.CUSTOMER_CLOSED, closure, customer, closed);
        }

        List<Received> replies = PublishedEvents.await(kafka, Topics.privacyReplies("consent-service"), customer.toString(),
                list -> list.stream().anyMatch(e -> closure.toString().equals(
                        e.body().path("acknowledgedEventId").asText())), TIMEOUT);
        Received withdrawal = PublishedEvents.awaitOne(kafka, EventType.CONSENT_WITHDRAWN, customer.toString(),
                TIMEOUT);
        assertEquals("ACCOUNT_CLOSURE", withdrawal.body().get("source").asText());
        given().auth().oauth2(tokens.user(Tokens.AGENT))
                .when().get("/customers/{id}/consents", customer)
                .then().statusCode(200).body("[0].status", equalTo("WITHDRAWN"));

        // A marker event proves the redelivered closure has been consumed without a second acknowledgement.
        UUID marker = UUID.randomUUID();
        try (EventPublisher publisher = new EventPublisher(kafka)) {
            publisher.publish(EventType.CUSTOMER_CLOSED, marker, customer, closed);
        }
        replies = PublishedEvents.await(kafka, Topics.privacyReplies("consent-service"), customer.toString(),
                list -> list.stream().anyMatch(e -> marker.toString().equals(
                        e.body().path("acknowledgedEventId").asText())), TIMEOUT);
        assertEquals(1, replies.stream()
                .filter(e -> closure.toString().equals(e.body().path("acknowledgedEventId").asText())).count());
    }
}
