package fi.imediat.rekisteri.customer;

import com.fasterxml.jackson.databind.JsonNode;
import fi.imediat.rekisteri.events.Channel;
import fi.imediat.rekisteri.events.ConsentWithdrawn;
import fi.imediat.rekisteri.events.DataCategory;
import fi.imediat.rekisteri.events.ErasureReason;
import fi.imediat.rekisteri.events.ErasureRequested;
import fi.imediat.rekisteri.events.EventType;
import fi.imediat.rekisteri.events.Purpose;
import fi.imediat.rekisteri.events.Topics;
import fi.imediat.rekisteri.infra.KafkaClients;
import fi.imediat.rekisteri.testsupport.EventPublisher;
import fi.imediat.rekisteri.testsupport.PublishedEvents;
import fi.imediat.rekisteri.testsupport.PublishedEvents.Received;
import fi.imediat.rekisteri.testsupport.RekisteriTestInfrastructure;
import fi.imediat.rekisteri.testsupport.TestKafka;
import fi.imediat.rekisteri.testsupport.TestPersonalData;
import fi.imediat.rekisteri.testsupport.Tokens;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertNull;

/** An erasure request in on Kafka, the data gone from the database, the acknowledgement out on Kafka. */
@QuarkusTest
@WithTestResource(value = RekisteriTestInfrastructure.class, scope = TestResourceScope.GLOBAL,
        initArgs = {@ResourceArg(name = "database", value = "customer"),
                @ResourceArg(name = "kafka-principal", value = "customer-service")})
class ErasureTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final KafkaClients kafka = TestKafka.clients();

    @Inject
    AgroalDataSource dataSource;

    @Inject
    TestDatabase database;

    private final Tokens tokens = Tokens.ofService();

    @Test
    void erasureLeavesATombstoneAndIsAcknowledgedPerCategoryAgainWhenAskedAgain() throws Exception {
        String email = TestPersonalData.email("erased");
        UUID customer = UUID.fromString(given().auth().oauth2(tokens.user(Tokens.AGENT)).contentType(ContentType.JSON)
                .body(Map.of("firstName", TestPersonalData.FIRST_NAME, "lastName", TestPersonalData.LAST_NAME,
                        "email", email, "birthDate", TestPersonalData.BIRTH_DATE))
                .when().post("/customers").then().statusCode(201).extract().<String>path("id"));
        UUID requestId = UUID.randomUUID();
        ErasureRequested request = new ErasureRequested(requestId, customer, ErasureReason.DATA_SUBJECT_REQUEST,
                LocalDate.now().plusMonths(1), Arrays.asList(DataCategory.values()));
        try (EventPublisher publisher = new EventPublisher(kafka)) {
            publisher.publish(EventType.CONSENT_WITHDRAWN, customer, new ConsentWithdrawn(customer,
                    Purpose.DIRECT_MARKETING, Channel.SMS, Instant.now(), "WEB_FORM"));
            publisher.publish(EventType.ERASURE_REQUESTED, customer, request);
        }

        Received erased = PublishedEvents.awaitOne(kafka, EventType.CUSTOMER_ERASED, customer.toString(), TIMEOUT);
        assertEquals(requestId.toString(), erased.body().get("erasureRequestId").asText());
        Map<String, Object> row = row("SELECT status, first_name, last_name, username, birth_date FROM customer "
                + "WHERE id = ?", customer);
        assertEquals("ERASED", row.get("status"));
        assertNull(row.get("first_name"));
        assertNull(row.get("last_name"));
        assertNull(row.get("username"));
        assertEquals(0L, row("SELECT count(*) AS n FROM customer_email WHERE customer_id = ?", customer).get("n"));
        assertNull(row.get("birth_date"));
        assertEquals(0L, row("SELECT count(*) AS n FROM marketing_restriction WHERE customer_id = ?", customer)
                .get("n"));
        given().auth().oauth2(tokens.user(Tokens.AGENT)).when().get("/customers/{id}", customer)
                .then().statusCode(404);
        // The e-mail address is free again: nothing of the erased person blocks a new registration.
        given().auth().oauth2(tokens.user(Tokens.AGENT)).contentType(ContentType.JSON)
                .body(Map.of("firstName", TestPersonalData.FIRST_NAME, "lastName", TestPersonalData.LAST_NAME,
                        "email", email))
                .when().post("/customers").then().statusCode(201);

        Map<String, String> outcomes = outcomes(acks(customer, requestId, 1).get(0).body());
        assertEquals("ERASED", outcomes.get("BASIC_DATA"));
        assertEquals("ANONYMISED", outcomes.get("IDENTIFICATION"));
        assertEquals("NOT_HELD", outcomes.get("BILLING"));
        assertEquals("ERASED", outcomes.get("ANALYTICS"));

        try (EventPublisher publisher = new EventPublisher(kafka)) {
            publisher.publish(EventType.ERASURE_REQUESTED, customer, request);
        }
        acks(customer, requestId, 2);
        assertEquals(1, PublishedEvents.await(kafka, Topics.CUSTOMER, customer.toString(), list -> true, TIMEOUT)
                .stream().filter(e -> e.type() == EventType.CUSTOMER_ERASED).count());
    }

    @Test
    void everyCategoryGoesButInvoicesAreRetainedRestrictedUntilTheAccountingPeriodEndsThenDeleted() {
        Map<String, Object> body = BasicDataTest.customer(TestPersonalData.email("kaikki"));
        body.put("username", "erase" + UUID.randomUUID().toString().substring(0, 8));
        String id = given().auth().oauth2(tokens.user(Tokens.AGENT)).contentType(ContentType.JSON).body(body)
                .when().post("/customers").then().statusCode(201).extract().path("id");
        UUID customer = UUID.fromString(id);
        post("/customers/{id}/subscriptions", id, Map.of("productCode", "HS-DIGI", "startDate", "2024-01-01"));
        post("/customers/{id}/service-identifiers", id, Map.of("service", "hs-app", "identifier", "dev-" + id));
        post("/customers/{id}/benefit-uses", id, Map.of("benefitCode", "KAHVI"));
        given().auth().oauth2(tokens.user(Tokens.AGENT)).contentType(ContentType.JSON)
                .body(List.of(Map.of("type", "login", "occurredAt", Instant.now().toString(), "service", "hs.fi")))
                .when().post("/customers/{id}/analytics-events", id).then().statusCode(201);
        for (String issued : List.of("2025-03-01", "2024-12-01")) {
            post("/customers/{id}/invoices", id, Map.of("number", "E-" + UUID.randomUUID().toString().substring(0, 8),
                    "amountCents", 1000, "currency", "EUR", "issuedOn", issued, "dueDate", "2025-12-31"));
        }

        UUID requestId = UUID.randomUUID();
        try (EventPublisher publisher = new EventPublisher(kafka)) {
            publisher.publish(EventType.ERASURE_REQUESTED, customer, new ErasureRequested(requestId, customer,
                    ErasureReason.DATA_SUBJECT_REQUEST, LocalDate.now().plusMonths(1),
                    Arrays.asList(DataCategory.values())));
        }
        JsonNode ack = acks(customer, requestId, 1).get(0).body();
        Map<String, String> outcomes = outcomes(ack);
        assertEquals("ERASED", outcomes.get("CUSTOMERSHIP"));
        assertEquals("ERASED", outcomes.get("SELF_GIVEN"));
        assertEquals("ERASED", outcomes.get("ANALYTICS"));
        assertEquals("RETAINED", outcomes.get("BILLING"));
        JsonNode billing = category(ack, "BILLING");
        assertTrue(billing.get("legalBasis").asText().contains("2:10"));
        // The latest invoice is of accounting year 2025: kept to the end of 2031.
        assertEquals("2031-12-31", billing.get("retainedUntil").asText());

        for (String table : List.of("customer_address", "customer_email", "customer_phone", "customer_interest",
                "subscription", "service_identifier", "benefit_use", "analytics_event")) {
            assertEquals(0, database.count("SELECT count(*) FROM " + table + " WHERE customer_id = ?", customer),
                    table);
        }
        assertEquals(2, database.count("SELECT count(*) FROM invoice WHERE customer_id = ? "
                + "AND restricted_at IS NOT NULL", customer));

        String export = given().auth().oauth2(tokens.user(Tokens.OFFICER)).when().get("/customers/{id}/export", id)
                .then().statusCode(200)
                .body("customer.status", equalTo("ERASED"))
                .body("customer.emails", empty())
                .body("subscriptions", empty())
                .body("analyticsEvents", empty())
                .body("invoices.restricted", contains(true, true))
                .extract().asString();
        assertFalse(export.contains(TestPersonalData.LAST_NAME));
        assertFalse(export.contains(TestPersonalData.EMAIL_DOMAIN));
        assertFalse(export.contains(TestPersonalData.BIRTH_DATE));
        given().auth().oauth2(tokens.user(Tokens.AGENT)).when().get("/customers/{id}/invoices", id)
                .then().statusCode(404);

        // retention-service, when the retained period has ended: BILLING alone.
        UUID expiry = UUID.randomUUID();
        try (EventPublisher publisher = new EventPublisher(kafka)) {
            publisher.publish(EventType.ERASURE_REQUESTED, customer, new ErasureRequested(expiry, customer,
                    ErasureReason.RETENTION_EXPIRED, LocalDate.now().plusMonths(1), List.of(DataCategory.BILLING)));
        }
        assertEquals(Map.of("BILLING", "ERASED"), outcomes(acks(customer, expiry, 1).get(0).body()));
        assertEquals(0, database.count("SELECT count(*) FROM invoice WHERE customer_id = ?", customer));
    }

    private void post(String path, String id, Map<String, Object> body) {
        given().auth().oauth2(tokens.user(Tokens.AGENT)).contentType(ContentType.JSON).body(body)
                .when().post(path, id).then().statusCode(201);
    }

    private static JsonNode category(JsonNode ack, String category) {
        for (JsonNode outcome : ack.get("outcomes")) {
            if (category.equals(outcome.get("category").asText())) {
                return outcome;
            }
        }
        throw new AssertionError("No outcome for " + category);
    }

    private List<Received> acks(UUID customer, UUID requestId, int count) {
        return PublishedEvents.await(kafka, Topics.privacyReplies("customer-service"), customer.toString(),
                list -> list.stream().filter(e -> requestId.toString().equals(e.body().path("requestId").asText()))
                        .count() >= count, TIMEOUT).stream()
                .filter(e -> requestId.toString().equals(e.body().path("requestId").asText())).toList();
    }

    private static Map<String, String> outcomes(JsonNode ack) {
        Map<String, String> outcomes = new HashMap<>();
        ack.get("outcomes").forEach(o -> outcomes.put(o.get("category").asText(), o.get("outcome").asText()));
        return outcomes;
    }

    private Map<String, Object> row(String sql, UUID customer) throws Exception {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement(sql)) {
            query.setObject(1, customer);
            try (ResultSet result = query.executeQuery()) {
                result.next();
                Map<String, Object> row = new HashMap<>();
                for (int i = 1; i <= result.getMetaData().getColumnCount(); i++) {
                    row.put(result.getMetaData().getColumnLabel(i), result.getObject(i));
                }
                return row;
            }
        }
    }
}
