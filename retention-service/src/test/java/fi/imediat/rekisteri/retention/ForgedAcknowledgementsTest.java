package fi.imediat.rekisteri.retention;

import fi.imediat.rekisteri.events.AckOutcome;
import fi.imediat.rekisteri.events.BrokerAccess;
import fi.imediat.rekisteri.events.ClosureReason;
import fi.imediat.rekisteri.events.CustomerClosed;
import fi.imediat.rekisteri.events.EventType;
import fi.imediat.rekisteri.events.HolderAcknowledged;
import fi.imediat.rekisteri.events.HolderAcknowledged.CategoryOutcome;
import fi.imediat.rekisteri.events.Topics;
import fi.imediat.rekisteri.infra.KafkaClients;
import fi.imediat.rekisteri.testsupport.BrokerRefusals;
import fi.imediat.rekisteri.testsupport.DeadLetters;
import fi.imediat.rekisteri.testsupport.EventPublisher;
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
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 17: an acknowledgement is bound to its sender. Each holder may write only its own replies topic (the broker's
 * ACLs, docs/security.md), and retention-service takes an acknowledgement for holder X only from X's topic: one that
 * names another holder is parked as poison and changes no ledger. Otherwise any holder could mark an erasure done for
 * a holder that still has the data.
 */
@QuarkusTest
@WithTestResource(value = RekisteriTestInfrastructure.class, scope = TestResourceScope.GLOBAL,
        initArgs = {@ResourceArg(name = "database", value = "retention"),
                @ResourceArg(name = "kafka-principal", value = "retention-service")})
class ForgedAcknowledgementsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final KafkaClients kafka = TestKafka.clients();
    private final Tokens tokens = Tokens.ofService();

    @Test
    void noOneButTheHolderWritesItsRepliesTopic() {
        UUID customer = UUID.randomUUID();
        UUID closure = close(customer);
        HolderAcknowledged forged = applied(closure, customer, BrokerAccess.CONSENT_SERVICE);
        for (String principal : List.of(TestKafka.EXTERNAL_HOLDER, BrokerAccess.CUSTOMER_SERVICE,
                BrokerAccess.RETENTION_SERVICE, TestKafka.INTRUDER)) {
            BrokerRefusals.assertNotAuthorised(EventPublisher.as(kafka, principal), EventType.HOLDER_ACKNOWLEDGED,
                    customer, forged);
        }
        BrokerRefusals.assertRefusedWithoutCredentials(kafka, EventType.HOLDER_ACKNOWLEDGED, customer, forged);
        awaitOnlyTheWriterAndThisServiceAcknowledged(closure);

        // The holder's own acknowledgement, on its own topic, completes the closure.
        try (EventPublisher consentService = new EventPublisher(kafka)) {
            consentService.publish(EventType.HOLDER_ACKNOWLEDGED, customer, forged);
        }
        await().atMost(TIMEOUT).untilAsserted(() -> given().auth().oauth2(tokens.user(Tokens.OFFICER))
                .when().get("/propagation/{id}", closure)
                .then().statusCode(200).body("complete", equalTo(true)));
    }

    @Test
    void anAcknowledgementForAnotherHolderIsParkedAndRecordsNothing() {
        UUID customer = UUID.randomUUID();
        UUID closure = close(customer);
        awaitOnlyTheWriterAndThisServiceAcknowledged(closure);

        // The broker lets the newsletter platform write its own topic; what it says there about consent-service is
        // not consent-service's word.
        try (EventPublisher newsletterPlatform = new EventPublisher(kafka)) {
            newsletterPlatform.publishOn(Topics.privacyReplies(TestKafka.EXTERNAL_HOLDER),
                    EventType.HOLDER_ACKNOWLEDGED, UUID.randomUUID(), customer,
                    applied(closure, customer, BrokerAccess.CONSENT_SERVICE));
        }
        List<DeadLetters.DeadLetter> parked = DeadLetters.await(kafka, Topics.PRIVACY_REPLIES_DEAD_LETTERS,
                customer.toString(), 1, TIMEOUT);
        assertEquals(1, parked.size());
        assertTrue(parked.get(0).reason().contains("not written by its owner"), parked.get(0).reason());

        assertConsentServiceNotAcknowledged(closure);

        // Replayed, it is read again from the newsletter platform's topic and refused again.
        given().auth().oauth2(tokens.user(Tokens.OFFICER))
                .when().post("/dead-letters/{topic}/replays", "rekisteri.privacy-replies.v1")
                .then().statusCode(200)
                .body("deadLetterTopic", equalTo(Topics.PRIVACY_REPLIES_DEAD_LETTERS))
                .body("parkedAgain", greaterThanOrEqualTo(1));
        assertConsentServiceNotAcknowledged(closure);
    }

    private void assertConsentServiceNotAcknowledged(UUID closure) {
        given().auth().oauth2(tokens.user(Tokens.OFFICER)).when().get("/propagation/{id}", closure)
                .then().statusCode(200)
                .body("holders.find { it.holder == 'consent-service' }.acknowledgedAt", nullValue())
                .body("complete", equalTo(false));
    }

    /** A closure as customer-service publishes it: its own acknowledgement, and retention-service answers its own. */
    private UUID close(UUID customer) {
        UUID closure = UUID.randomUUID();
        try (EventPublisher customerService = new EventPublisher(kafka)) {
            customerService.publish(EventType.CUSTOMER_CLOSED, closure, customer,
                    new CustomerClosed(customer, ClosureReason.RELATIONSHIP_ENDED, Instant.now(), LocalDate.now()));
        }
        return closure;
    }

    private void awaitOnlyTheWriterAndThisServiceAcknowledged(UUID closure) {
        await().atMost(TIMEOUT).untilAsserted(() -> given().auth().oauth2(tokens.user(Tokens.OFFICER))
                .when().get("/propagation/{id}", closure)
                .then().statusCode(200)
                .body("holders.findAll { it.acknowledgedAt != null }.holder",
                        contains("customer-service", "retention-service"))
                .body("complete", equalTo(false)));
    }

    private static HolderAcknowledged applied(UUID closure, UUID customer, String holder) {
        return new HolderAcknowledged(closure, null, holder, customer, List.of(CategoryOutcome.of(AckOutcome.APPLIED)),
                Instant.now());
    }
}
