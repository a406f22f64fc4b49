package fi.imediat.rekisteri.consent;

import com.fasterxml.jackson.databind.JsonNode;
import fi.imediat.rekisteri.events.ClosureReason;
import fi.imediat.rekisteri.events.CustomerClosed;
import fi.imediat.rekisteri.events.DataCategory;
import fi.imediat.rekisteri.events.ErasureReason;
import fi.imediat.rekisteri.events.ErasureRequested;
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
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
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

/**
 * Erasure removes the consent states, free text and contact keys, keeps the proofs (and an objector's keyed e-mails
 * and phones in the suppression list), and says so in its acknowledgement.
 */
@QuarkusTest
@WithTestResource(value = RekisteriTestInfrastructure.class, scope = TestResourceScope.GLOBAL,
        initArgs = {@ResourceArg(name = "database", value = "consent"),
                @ResourceArg(name = "kafka-principal", value = "consent-service")})
@WithTestResource(value = CustomerServiceStandIn.class, scope = TestResourceScope.GLOBAL)
class ErasureTest {

    private final KafkaClients kafka = TestKafka.clients();

    @Inject
    DataSource dataSource;

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
        Received ack = PublishedEvents.await(kafka, Topics.privacyReplies("consent-service"), customer.toString(),
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
                .then().statusCode(200).body("$", hasSize(2)).body("note", everyItem(nullValue()));
        given().auth().oauth2(tokens.user(Tokens.OFFICER)).when().get("/customers/{id}/prohibitions", customer)
                .then().statusCode(200).body("[0].active", equalTo(true));
    }

    @Test
    void anErasedObjectorsEmailKeepsANewRecordOutOfMarketingAndANonObjectorsDoesNot() throws Exception {
        String objectorEmail = UUID.randomUUID() + "@example.invalid";
        UUID objector = registered(objectorEmail, "+358401" + (100000 + (int) (Math.random() * 899999)));
        given().auth().oauth2(tokens.user(Tokens.AGENT)).contentType(ContentType.JSON)
                .body(Map.of("scope", "ALL_MARKETING", "source", "CUSTOMER_SERVICE"))
                .when().post("/customers/{id}/prohibitions", objector).then().statusCode(201);
        String otherEmail = UUID.randomUUID() + "@example.invalid";
        UUID other = registered(otherEmail, "+358402" + (100000 + (int) (Math.random() * 899999)));
        erase(objector);
        erase(other);
        assertEquals(List.of(), TestDatabase.query(dataSource,
                "SELECT kind FROM customer_contact_key WHERE customer_id = ?", objector, rows -> rows.getString(1)));

        // The same people come back under new records, with the same e-mails (in other letter case) and new phones.
        UUID returningObjector = registered(objectorEmail.toUpperCase(java.util.Locale.ROOT), "+358409999001");
        UUID returningOther = registered(otherEmail, "+358409999002");
        given().auth().oauth2(tokens.user(Tokens.MARKETER)).contentType(ContentType.JSON)
                .body(Map.of("purpose", "DIRECT_MARKETING", "channel", "EMAIL",
                        "customerIds", List.of(returningObjector, returningOther)))
                .when().post("/eligibility")
                .then().statusCode(200)
                .body("excluded", hasSize(1))
                .body("excluded[0].customerId", equalTo(returningObjector.toString()))
                .body("excluded[0].reason", equalTo("PROHIBITED"))
                .body("excluded[0].decidedBy.kind", equalTo("SUPPRESSION"))
                .body("eligible[0].customerId", equalTo(returningOther.toString()));
    }

    @Test
    void theFollowUpErasureDeletesTheProofsWhenTheirRetentionEndsAndTheObjectionStaysSuppressed() throws Exception {
        String email = UUID.randomUUID() + "@example.invalid";
        UUID objector = registered(email, "+358403" + (100000 + (int) (Math.random() * 899999)));
        given().auth().oauth2(tokens.user(Tokens.AGENT)).contentType(ContentType.JSON)
                .body(Map.of("scope", "ALL_MARKETING", "source", "CUSTOMER_SERVICE"))
                .when().post("/customers/{id}/prohibitions", objector).then().statusCode(201);
        assertEquals("RETAINED", erase(objector, ErasureReason.DATA_SUBJECT_REQUEST).get("outcome").asText());

        // Within the retention a second request keeps the proofs and the date.
        JsonNode again = erase(objector, ErasureReason.DATA_SUBJECT_REQUEST);
        assertEquals("RETAINED", again.get("outcome").asText());
        assertEquals(LocalDate.now().plusYears(3).toString(), again.get("retainedUntil").asText());

        // On the proofs' last day they are still kept.
        keepProofsUntil(objector, "current_date");
        JsonNode lastDay = erase(objector, ErasureReason.RETENTION_EXPIRED);
        assertEquals("RETAINED", lastDay.get("outcome").asText());
        assertEquals(LocalDate.now().toString(), lastDay.get("retainedUntil").asText());

        // The retention has run out: retention-service's follow-up erasure deletes the proofs.
        keepProofsUntil(objector, "current_date - 1");
        assertEquals("ERASED", erase(objector, ErasureReason.RETENTION_EXPIRED).get("outcome").asText());
        for (String table : List.of("consent_change", "prohibition", "holder_acknowledgement", "proof_retention")) {
            assertEquals(List.of(0L), TestDatabase.query(dataSource,
                    "SELECT count(*) FROM " + table + " WHERE customer_id = ?", objector, rows -> rows.getLong(1)),
                    table);
        }
        given().auth().oauth2(tokens.user(Tokens.OFFICER)).when().get("/customers/{id}/consents/history", objector)
                .then().statusCode(200).body("$", hasSize(0));

        // The objection outlives its proofs: the person is still not marketed to under a new record.
        UUID returning = registered(email, "+358409999003");
        given().auth().oauth2(tokens.user(Tokens.MARKETER)).contentType(ContentType.JSON)
                .body(Map.of("purpose", "DIRECT_MARKETING", "channel", "EMAIL", "customerIds", List.of(returning)))
                .when().post("/eligibility")
                .then().statusCode(200)
                .body("excluded[0].decidedBy.kind", equalTo("SUPPRESSION"));
    }

    private void keepProofsUntil(UUID customer, String date) throws Exception {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement due = connection.prepareStatement(
                        "UPDATE proof_retention SET kept_until = " + date + " WHERE customer_id = ?")) {
            due.setObject(1, customer);
            assertEquals(1, due.executeUpdate());
        }
    }

    /**
     * Issue 22: a closed customer's erasure keeps the relationship as a tombstone (id and ERASED) without the closure's
     * reason and date, and the residue scan finds nothing the declaration does not keep.
     */
    @Test
    void aClosedCustomersErasureLeavesOnlyWhatTheDeclarationKeeps() throws Exception {
        UUID customer = registered(UUID.randomUUID() + "@example.invalid",
                "+358404" + (100000 + (int) (Math.random() * 899999)));
        try (EventPublisher publisher = new EventPublisher(kafka)) {
            publisher.publish(EventType.CUSTOMER_CLOSED, customer, new CustomerClosed(customer, ClosureReason.ABUSE,
                    Instant.now(), LocalDate.now()));
        }
        TestDatabase.await(() -> TestDatabase.query(dataSource,
                "SELECT status FROM customer_relationship WHERE customer_id = ?", customer, rows -> rows.getString(1)),
                statuses -> statuses.equals(List.of("CLOSED")));
        given().auth().oauth2(tokens.user(Tokens.OFFICER)).when().get("/customers/{id}/residue", customer)
                .then().statusCode(200).body("residueFound", equalTo(true));

        erase(customer);

        given().auth().oauth2(tokens.user(Tokens.OFFICER)).when().get("/customers/{id}/residue", customer)
                .then().statusCode(200)
                .body("service", equalTo("consent-service"))
                .body("tables.findAll { !it.allowed }.finding", hasSize(0))
                .body("residueFound", equalTo(false))
                .body("tables.find { it.table == 'customer_relationship' }.rows", equalTo(1))
                .body("tables.find { it.table == 'customer_relationship' }.erasure", equalTo("TOMBSTONE"))
                .body("tables.find { it.table == 'customer_contact_key' }.rows", equalTo(0))
                .body("tables.find { it.table == 'outbox_event' }.erasure", equalTo("RETAIN"));
    }

    private UUID registered(String email, String phone) throws InterruptedException {
        UUID customer = UUID.randomUUID();
        return AnnouncedCustomers.register(kafka, dataSource, CustomerServiceStandIn.customer(customer, "Testi",
                "Henkilö", "Poistokatu 1", "00100", email, phone));
    }

    private void erase(UUID customer) {
        erase(customer, ErasureReason.DATA_SUBJECT_REQUEST);
    }

    private JsonNode erase(UUID customer, ErasureReason reason) {
        return AnnouncedCustomers.erase(kafka, customer, reason);
    }
}
