package fi.imediat.rekisteri.customer;

import fi.imediat.rekisteri.events.BrokerAccess;
import fi.imediat.rekisteri.events.CustomerRegistered;
import fi.imediat.rekisteri.events.CustomerUpdated;
import fi.imediat.rekisteri.events.DataCategory;
import fi.imediat.rekisteri.events.ErasureReason;
import fi.imediat.rekisteri.events.ErasureRequested;
import fi.imediat.rekisteri.events.EventType;
import fi.imediat.rekisteri.events.Topics;
import fi.imediat.rekisteri.infra.KafkaClients;
import fi.imediat.rekisteri.testsupport.BrokerRefusals;
import fi.imediat.rekisteri.testsupport.EventPublisher;
import fi.imediat.rekisteri.testsupport.PublishedEvents;
import fi.imediat.rekisteri.testsupport.PublishedEvents.Received;
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
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Issue 17: who may write what on Kafka is the broker's to enforce (TLS, SCRAM, the contract's ACLs; docs/security.md).
 * Each forged event below is refused by the broker, and the register is as it was. The real producer's same event,
 * sent afterwards, shows that the forged one would have been applied had it arrived.
 */
@QuarkusTest
@WithTestResource(value = RekisteriTestInfrastructure.class, scope = TestResourceScope.GLOBAL,
        initArgs = {@ResourceArg(name = "database", value = "customer"),
                @ResourceArg(name = "kafka-principal", value = "customer-service")})
class ForgedEventsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final KafkaClients kafka = TestKafka.clients();
    private final Tokens tokens = Tokens.ofService();

    @Test
    void onlyRetentionServiceCanRequestAnErasure() {
        UUID victim = register();
        ErasureRequested forged = erasureOf(victim);
        // An external holder, another service, an account granted nothing; and this very service, which consumes
        // the requests but may not make one.
        for (String principal : List.of(TestKafka.EXTERNAL_HOLDER, BrokerAccess.CONSENT_SERVICE,
                BrokerAccess.CUSTOMER_SERVICE, TestKafka.INTRUDER)) {
            BrokerRefusals.assertNotAuthorised(EventPublisher.as(kafka, principal), EventType.ERASURE_REQUESTED,
                    victim, forged);
        }
        BrokerRefusals.assertRefusedWithoutCredentials(kafka, EventType.ERASURE_REQUESTED, victim, forged);

        UUID requested = register();
        try (EventPublisher retentionService = new EventPublisher(kafka)) {
            retentionService.publish(EventType.ERASURE_REQUESTED, requested, erasureOf(requested));
        }
        PublishedEvents.awaitOne(kafka, EventType.CUSTOMER_ERASED, requested.toString(), TIMEOUT);
        given().auth().oauth2(tokens.user(Tokens.AGENT)).when().get("/customers/{id}", victim)
                .then().statusCode(200).body("status", equalTo("ACTIVE"));
    }

    @Test
    void onlyCustomerServicePublishesCustomerEvents() {
        // A registration that links the attacker's login to someone's record, in the victim's customer id.
        UUID victim = register();
        PublishedEvents.awaitOne(kafka, EventType.CUSTOMER_REGISTERED, victim.toString(), TIMEOUT);
        CustomerRegistered forged = new CustomerRegistered(victim, Instant.now(), "SELF", UUID.randomUUID().toString());
        for (String principal : List.of(BrokerAccess.CONSENT_SERVICE, BrokerAccess.RETENTION_SERVICE,
                TestKafka.EXTERNAL_HOLDER, TestKafka.INTRUDER)) {
            BrokerRefusals.assertNotAuthorised(EventPublisher.as(kafka, principal), EventType.CUSTOMER_REGISTERED,
                    victim, forged);
        }
        BrokerRefusals.assertRefusedWithoutCredentials(kafka, EventType.CUSTOMER_REGISTERED, victim, forged);

        // Read up to a marker that customer-service itself published under the same key: nothing forged before it.
        UUID marker = UUID.randomUUID();
        try (EventPublisher customerService = new EventPublisher(kafka)) {
            customerService.publish(EventType.CUSTOMER_UPDATED, marker, victim,
                    new CustomerUpdated(victim, List.of(DataCategory.BASIC_DATA), Instant.now()));
        }
        List<Received> events = PublishedEvents.await(kafka, Topics.CUSTOMER, victim.toString(),
                list -> list.stream().anyMatch(e -> marker.toString().equals(e.id())), TIMEOUT);
        assertEquals(List.of(EventType.CUSTOMER_REGISTERED, EventType.CUSTOMER_UPDATED),
                events.stream().map(Received::type).toList(),
                "the victim's events: its own registration and the marker, nothing forged");
        assertFalse(events.get(0).body().hasNonNull("subject"), "the real registration links no login");
    }

    private static ErasureRequested erasureOf(UUID customer) {
        return new ErasureRequested(UUID.randomUUID(), customer, ErasureReason.DATA_SUBJECT_REQUEST,
                LocalDate.now().plusMonths(1), Arrays.asList(DataCategory.values()));
    }

    private UUID register() {
        return UUID.fromString(given().auth().oauth2(tokens.user(Tokens.AGENT)).contentType(ContentType.JSON)
                .body(Map.of("firstName", TestPersonalData.FIRST_NAME, "lastName", TestPersonalData.LAST_NAME))
                .when().post("/customers").then().statusCode(201).extract().path("id"));
    }
}
