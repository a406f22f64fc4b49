package fi.imediat.rekisteri.retention;

import fi.imediat.rekisteri.events.AckOutcome;
import fi.imediat.rekisteri.events.CustomerRegistered;
import fi.imediat.rekisteri.events.DataCategory;
import fi.imediat.rekisteri.events.EventType;
import fi.imediat.rekisteri.events.HolderAcknowledged;
import fi.imediat.rekisteri.events.HolderAcknowledged.CategoryOutcome;
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
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The erasure saga to its end: every holder answers through Kafka, one of them late, and the record proves it. */
@QuarkusTest
@WithTestResource(value = RekisteriTestInfrastructure.class, scope = TestResourceScope.GLOBAL,
        initArgs = {@ResourceArg(name = "database", value = "retention"),
                @ResourceArg(name = "kafka-principal", value = "retention-service")})
class CompletionRecordTest {

    /** The legal deadline is counted in Helsinki's days, as the service counts it. */
    private static final ZoneId HELSINKI = ZoneId.of("Europe/Helsinki");

    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final String LATE_HOLDER = "late-crm";

    private final KafkaClients kafka = TestKafka.clients();

    private final Tokens tokens = Tokens.ofService();

    @Test
    void aCompletedErasureHasARecordOfWhoErasedWhatAndWhen() {
        given().auth().oauth2(tokens.serviceAccount("newsletter-platform")).contentType(ContentType.JSON)
                .body(Map.of("id", LATE_HOLDER, "description", "A CRM that answers late",
                        "categories", List.of("BASIC_DATA", "ANALYTICS"), "acknowledgementRequired", true,
                        "acknowledgementDeadline", "PT1S"))
                .when().post("/holders").then().statusCode(201);
        try {
            UUID customer = UUID.randomUUID();
            try (EventPublisher publisher = new EventPublisher(kafka)) {
                publisher.publish(EventType.CUSTOMER_REGISTERED, customer,
                        new CustomerRegistered(customer, Instant.now(), "SELF", TestPersonalData.CUSTOMER_SUBJECT));
            }
            // The data subject asks for their own erasure at once: the request waits for customer.registered, still
            // on its way, to link them to the record, instead of answering a false 404.
            String id = given().auth().oauth2(tokens.user(Tokens.CUSTOMER)).contentType(ContentType.JSON)
                    .body(Map.of("customerId", customer, "reason", "DATA_SUBJECT_REQUEST"))
                    .when().post("/erasure-requests").then().statusCode(202).extract().path("id");

            given().auth().oauth2(tokens.user(Tokens.OFFICER))
                    .when().get("/erasure-requests/{id}/completion-record", id)
                    .then().statusCode(409).contentType("application/problem+json");

            LocalDate billingUntil = LocalDate.now().plusYears(6);
            try (EventPublisher publisher = new EventPublisher(kafka)) {
                acknowledge(publisher, id, customer, "customer-service", List.of(
                        new CategoryOutcome(DataCategory.BASIC_DATA, AckOutcome.ERASED, null, null),
                        new CategoryOutcome(DataCategory.IDENTIFICATION, AckOutcome.ANONYMISED, null, null),
                        new CategoryOutcome(DataCategory.BILLING, AckOutcome.RETAINED, "Kirjanpitolaki 2:10",
                                billingUntil)));
                acknowledge(publisher, id, customer, "consent-service", List.of(
                        new CategoryOutcome(DataCategory.MARKETING_PERMISSIONS, AckOutcome.ERASED, null, null)));
            }
            // The CRM misses its deadline: the request is overdue and sent to it again.
            await().atMost(TIMEOUT).untilAsserted(() -> given().auth().oauth2(tokens.user(Tokens.OFFICER))
                    .when().get("/erasure-requests/{id}", id)
                    .then().statusCode(200)
                    .body("status", equalTo("OVERDUE"))
                    .body("holders.find { it.holder == 'retention-service' }.acknowledgedAt",
                            org.hamcrest.Matchers.notNullValue())
                    .body("holders.find { it.holder == '" + LATE_HOLDER + "' }.publications",
                            greaterThanOrEqualTo(2)));
            try (EventPublisher publisher = new EventPublisher(kafka)) {
                acknowledge(publisher, id, customer, LATE_HOLDER, List.of(
                        new CategoryOutcome(DataCategory.BASIC_DATA, AckOutcome.ERASED, null, null),
                        new CategoryOutcome(DataCategory.ANALYTICS, AckOutcome.ANONYMISED, null, null)));
            }
            await().atMost(TIMEOUT).untilAsserted(() -> given().auth().oauth2(tokens.user(Tokens.OFFICER))
                    .when().get("/erasure-requests/{id}", id)
                    .then().statusCode(200).body("status", equalTo("COMPLETED")));

            JsonPath record = given().auth().oauth2(tokens.user(Tokens.CUSTOMER))
                    .when().get("/erasure-requests/{id}/completion-record", id)
                    .then().statusCode(200).extract().jsonPath();
            assertEquals(id, record.getString("requestId"));
            assertEquals(customer.toString(), record.getString("customerId"));
            assertEquals("DATA_SUBJECT_REQUEST", record.getString("reason"));
            assertEquals(LocalDate.now(HELSINKI).plusMonths(1).toString(), record.getString("deadline"));
            assertTrue(record.getBoolean("onTime"));
            assertEquals(List.of("consent-service", "customer-service", LATE_HOLDER, "retention-service"),
                    record.getList("holders.holder"));
            assertEquals(List.of(false, false, true, false), record.getList("holders.late"));
            assertEquals(List.of("ERASED", "ANONYMISED", "RETAINED"),
                    record.getList("holders.find { it.holder == 'customer-service' }.outcomes.outcome"));
            assertEquals("ERASED", record.getString(
                    "holders.find { it.holder == 'retention-service' }.outcomes.find { it.category == 'CUSTOMERSHIP' }"
                            + ".outcome"));
            assertEquals(List.of(Map.of("holder", "customer-service", "category", "BILLING",
                    "legalBasis", "Kirjanpitolaki 2:10", "retainedUntil", billingUntil.toString())),
                    record.getList("retained"));
            // Identifiers, categories and dates: nothing else is in a completion record.
            assertEquals(Set.of("requestId", "customerId", "reason", "categories", "requestedBy", "requestedAt",
                    "deadline", "completedAt", "onTime", "holders", "retained"), record.getMap("$").keySet());
            assertFalse(record.prettify().contains("@"));

            given().auth().oauth2(tokens.user(Tokens.OFFICER))
                    .when().get("/erasure-requests/{id}/completion-record", id)
                    .then().statusCode(200).body("requestId", equalTo(id));
            // Another data subject does not learn that the request exists.
            given().auth().oauth2(tokens.user("asiakas2"))
                    .when().get("/erasure-requests/{id}/completion-record", id)
                    .then().statusCode(404).contentType("application/problem+json");
            given().auth().oauth2(tokens.user(Tokens.OFFICER)).when().get("/audit?customerId={id}", customer)
                    .then().statusCode(200)
                    .body("entries.operation", org.hamcrest.Matchers.hasItem("erasure.completion-record"));
        } finally {
            given().auth().oauth2(tokens.user(Tokens.OFFICER)).when().delete("/holders/{id}", LATE_HOLDER)
                    .then().statusCode(204);
        }
    }

    @Test
    void anUnknownRequestHasNoRecord() {
        given().auth().oauth2(tokens.user(Tokens.OFFICER))
                .when().get("/erasure-requests/{id}/completion-record", UUID.randomUUID())
                .then().statusCode(404).contentType("application/problem+json");
    }

    private static void acknowledge(EventPublisher publisher, String requestId, UUID customer, String holder,
            List<CategoryOutcome> outcomes) {
        publisher.publish(EventType.HOLDER_ACKNOWLEDGED, customer, new HolderAcknowledged(null,
                UUID.fromString(requestId), holder, customer, outcomes, Instant.now()));
    }
}
