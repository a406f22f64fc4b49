package fi.imediat.rekisteri.retention;

import fi.imediat.rekisteri.events.AckOutcome;
import fi.imediat.rekisteri.events.Channel;
import fi.imediat.rekisteri.events.ClosureReason;
import fi.imediat.rekisteri.events.ConsentWithdrawn;
import fi.imediat.rekisteri.events.CustomerClosed;
import fi.imediat.rekisteri.events.EventType;
import fi.imediat.rekisteri.events.HolderAcknowledged;
import fi.imediat.rekisteri.events.HolderAcknowledged.CategoryOutcome;
import fi.imediat.rekisteri.events.Purpose;
import fi.imediat.rekisteri.infra.KafkaClients;
import fi.imediat.rekisteri.testsupport.EventPublisher;
import fi.imediat.rekisteri.testsupport.PublishedEvents;
import fi.imediat.rekisteri.testsupport.RekisteriTestInfrastructure;
import fi.imediat.rekisteri.testsupport.TestKafka;
import fi.imediat.rekisteri.testsupport.Tokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

@QuarkusTest
@WithTestResource(value = RekisteriTestInfrastructure.class, scope = TestResourceScope.GLOBAL,
        initArgs = {@ResourceArg(name = "database", value = "retention"),
                @ResourceArg(name = "kafka-principal", value = "retention-service")})
class PropagationTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final KafkaClients kafka = TestKafka.clients();

    private final Tokens tokens = Tokens.ofService();

    @Test
    void closureIsCompleteWhenEveryRequiredHolderHasAcknowledged() {
        UUID customer = UUID.randomUUID();
        UUID closure = UUID.randomUUID();
        try (EventPublisher publisher = new EventPublisher(kafka)) {
            // Played here: customer-service, whose closure event stands for its own acknowledgement.
            publisher.publish(EventType.CUSTOMER_CLOSED, closure, customer,
                    new CustomerClosed(customer, ClosureReason.RELATIONSHIP_ENDED, Instant.now(), LocalDate.now()));
        }

        // retention-service acknowledges for itself; customer-service's acknowledgement is its event.
        await().atMost(TIMEOUT).untilAsserted(() -> given().auth().oauth2(tokens.user(Tokens.OFFICER))
                .when().get("/propagation/{id}", closure)
                .then().statusCode(200)
                .body("eventType", equalTo("customer.closed"))
                .body("holders.findAll { it.acknowledgedAt != null }.holder",
                        contains("customer-service", "retention-service"))
                .body("holders.find { it.holder == 'customer-service' }.outcomes[0].outcome", equalTo("APPLIED"))
                .body("complete", equalTo(false)));
        // retention-service is not the writer: it still publishes its acknowledgement.
        PublishedEvents.awaitAcknowledgement(kafka, "retention-service", customer.toString(), TIMEOUT);

        try (EventPublisher publisher = new EventPublisher(kafka)) {
            acknowledge(publisher, closure, customer, "consent-service");
        }
        await().atMost(TIMEOUT).untilAsserted(() -> given().auth().oauth2(tokens.user(Tokens.OFFICER))
                .when().get("/propagation/{id}", closure)
                .then().statusCode(200)
                .body("complete", equalTo(true))
                .body("holders.holder", contains("consent-service", "customer-service", "retention-service"))
                .body("holders.late", contains(false, false, false)));
    }

    @Test
    void anAcknowledgementFromAnUnregisteredHolderIsShownButNotRequired() {
        UUID customer = UUID.randomUUID();
        UUID withdrawal = UUID.randomUUID();
        try (EventPublisher publisher = new EventPublisher(kafka)) {
            acknowledge(publisher, withdrawal, customer, "newsletter-platform");
            publisher.publish(EventType.CONSENT_WITHDRAWN, withdrawal, customer, new ConsentWithdrawn(customer,
                    Purpose.DIRECT_MARKETING, Channel.EMAIL, Instant.now(), "WEB_FORM"));
        }
        await().atMost(TIMEOUT).untilAsserted(() -> given().auth().oauth2(tokens.user(Tokens.AGENT))
                .when().get("/propagation/{id}", withdrawal)
                .then().statusCode(200)
                .body("eventType", equalTo("consent.withdrawn"))
                .body("holders.find { it.holder == 'newsletter-platform' }.required", equalTo(false))
                .body("holders.find { it.holder == 'retention-service' }.outcomes[0].outcome",
                        equalTo("NOT_HELD"))
                .body("complete", equalTo(false)));
    }

    @Test
    void unknownEventIsNotFoundAndAccessNeedsARole() {
        given().auth().oauth2(tokens.user(Tokens.OFFICER))
                .when().get("/propagation/{id}", UUID.randomUUID())
                .then().statusCode(404).contentType("application/problem+json");
        given().when().get("/propagation/{id}", UUID.randomUUID()).then().statusCode(401);
        given().auth().oauth2(tokens.user(Tokens.MARKETER))
                .when().get("/propagation/{id}", UUID.randomUUID()).then().statusCode(403);
    }

    @Test
    void theThreeServicesAreRegisteredHolders() {
        given().auth().oauth2(tokens.user(Tokens.OFFICER))
                .when().get("/holders")
                .then().statusCode(200)
                .body("id", hasItems("customer-service", "consent-service", "retention-service"))
                .body("find { it.id == 'consent-service' }.categories", contains("MARKETING_PERMISSIONS"));
        given().when().get("/holders").then().statusCode(401);
        given().auth().oauth2(tokens.user(Tokens.AGENT)).when().get("/holders").then().statusCode(403);
    }

    @Test
    void theOutboxIsDrainedAndItsBacklogIsAMetric() {
        await().atMost(TIMEOUT).untilAsserted(() -> given().when().get("/q/metrics")
                .then().statusCode(200)
                .body(containsString("rekisteri_outbox_backlog 0.0"))
                .body(containsString("rekisteri_outbox_oldest_age_seconds")));
    }

    private static void acknowledge(EventPublisher publisher, UUID eventId, UUID customer, String holder) {
        publisher.publish(EventType.HOLDER_ACKNOWLEDGED, customer, new HolderAcknowledged(eventId, null, holder,
                customer, List.of(CategoryOutcome.of(AckOutcome.APPLIED)), Instant.now()));
    }
}
