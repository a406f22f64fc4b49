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
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 22: the proof of what an erasure left behind. retention-service scans its own tables (in-process), and scans
 * every other holder that advertises a residue URL (the other two services answer through Kafka here and advertise
 * none); a row put back where the erasure deletes it is a residue the proof shows, without a value.
 */
@QuarkusTest
@WithTestResource(value = RekisteriTestInfrastructure.class, scope = TestResourceScope.GLOBAL,
        initArgs = {@ResourceArg(name = "database", value = "retention"),
                @ResourceArg(name = "kafka-principal", value = "retention-service")})
class ErasureResidueTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final KafkaClients kafka = TestKafka.clients();
    private final Tokens tokens = Tokens.ofService();

    @Inject
    AgroalDataSource dataSource;

    @Test
    void aCompletedErasureIsProvenTableByTable() throws Exception {
        OwnExportUrl.pointAtThisInstance(tokens);
        UUID customer = UUID.randomUUID();
        try (EventPublisher publisher = new EventPublisher(kafka)) {
            publisher.publish(EventType.CUSTOMER_REGISTERED, customer,
                    new CustomerRegistered(customer, Instant.now(), "SELF", TestPersonalData.CUSTOMER_SUBJECT));
        }
        // An access request whose parts copy the customer's data: the erasure must empty them.
        String accessRequest = await().atMost(TIMEOUT).until(() -> given().auth().oauth2(tokens.user(Tokens.CUSTOMER))
                .contentType(ContentType.JSON).body(Map.of("customerId", customer))
                .when().post("/access-requests").then().extract(), r -> r.statusCode() == 202).path("id");
        // retention-service's own part is fetched by a job: the erasure comes after it is in.
        await().atMost(TIMEOUT).untilAsserted(() -> given().auth().oauth2(tokens.user(Tokens.OFFICER))
                .when().get("/access-requests/{id}", accessRequest).then().statusCode(200)
                .body("holders.find { it.holder == 'retention-service' }.receivedAt", notNullValue()));
        // Before the erasure, the scan finds the login link where the erasure deletes it.
        given().auth().oauth2(tokens.user(Tokens.OFFICER)).when().get("/customers/{id}/residue", customer)
                .then().statusCode(200)
                .body("residueFound", equalTo(true))
                .body("tables.find { it.table == 'customer_subject' }.rows", equalTo(1))
                .body("tables.find { it.table == 'customer_subject' }.allowed", equalTo(false));

        String id = given().auth().oauth2(tokens.user(Tokens.OFFICER)).contentType(ContentType.JSON)
                .body(Map.of("customerId", customer, "reason", "DATA_SUBJECT_REQUEST"))
                .when().post("/erasure-requests").then().statusCode(202).extract().path("id");
        given().auth().oauth2(tokens.user(Tokens.OFFICER)).when().get("/erasure-requests/{id}/residue", id)
                .then().statusCode(409).contentType("application/problem+json");
        try (EventPublisher publisher = new EventPublisher(kafka)) {
            acknowledge(publisher, id, customer, "customer-service", DataCategory.BASIC_DATA);
            acknowledge(publisher, id, customer, "consent-service", DataCategory.MARKETING_PERMISSIONS);
        }
        await().atMost(TIMEOUT).untilAsserted(() -> given().auth().oauth2(tokens.user(Tokens.OFFICER))
                .when().get("/erasure-requests/{id}", id)
                .then().statusCode(200).body("status", equalTo("COMPLETED")));

        JsonPath proof = given().auth().oauth2(tokens.user(Tokens.OFFICER))
                .when().get("/erasure-requests/{id}/residue", id)
                .then().statusCode(200).contentType(ContentType.JSON).extract().jsonPath();
        assertEquals(id, proof.getString("requestId"));
        assertEquals(customer.toString(), proof.getString("customerId"));
        assertFalse(proof.getBoolean("residueFound"), proof.prettify());
        assertEquals("SCANNED", holder(proof, "retention-service"));
        assertEquals("NOT_SUPPORTED", holder(proof, "customer-service"));
        assertFalse(proof.getBoolean("everyHolderAnswered"));
        String tables = "holders.find { it.holder == 'retention-service' }.tables";
        assertEquals("nothing left", proof.getString(tables + ".find { it.table == 'customer_subject' }.answer"));
        assertEquals("nothing left", proof.getString(tables + ".find { it.table == 'retention_clock' }.answer"));
        assertEquals(1, proof.getInt(tables + ".find { it.table == 'erasure_request' }.rows"));
        assertTrue(proof.getString(tables + ".find { it.table == 'erasure_request' }.answer")
                .startsWith("kept: GDPR art. 5(2)"));
        // The access request stays as a tombstone; its parts, found through it, without the copied data.
        assertEquals("TOMBSTONE", proof.getString(tables + ".find { it.table == 'access_request' }.treatment"));
        assertEquals(1, proof.getInt(tables + ".find { it.table == 'access_request' }.rows"));
        assertTrue(proof.getInt(tables + ".find { it.table == 'access_request_holder' }.rows") >= 1);
        assertTrue(proof.getBoolean(tables + ".find { it.table == 'access_request_holder' }.allowed"));
        assertFalse(proof.prettify().contains(TestPersonalData.CUSTOMER_SUBJECT), "a personal value in the proof");

        // A holder's erasure that forgot a table: the login link put back is a residue, named without its value.
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement(
                     "INSERT INTO customer_subject (customer_id, subject) VALUES (?, ?)")) {
            insert.setObject(1, customer);
            insert.setString(2, TestPersonalData.CUSTOMER_SUBJECT);
            insert.executeUpdate();
        }
        JsonPath residue = given().auth().oauth2(tokens.user(Tokens.OFFICER))
                .when().get("/erasure-requests/{id}/residue", id)
                .then().statusCode(200).extract().jsonPath();
        assertTrue(residue.getBoolean("residueFound"));
        assertTrue(residue.getString(tables + ".find { it.table == 'customer_subject' }.answer")
                .startsWith("not allowed: the customer's id still finds 1 rows in a table declared ERASE"));
        assertFalse(residue.prettify().contains(TestPersonalData.CUSTOMER_SUBJECT), "a personal value in the proof");
        given().auth().oauth2(tokens.user(Tokens.OFFICER)).when().get("/audit?customerId={id}", customer)
                .then().statusCode(200)
                .body("entries.operation", hasItem("erasure.residue"))
                .body("entries.operation", hasItem("customer.residue-scan"));
    }

    @Test
    void anUnknownRequestOrCustomerHasNoProof() {
        given().auth().oauth2(tokens.user(Tokens.OFFICER))
                .when().get("/erasure-requests/{id}/residue", UUID.randomUUID())
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(tokens.user(Tokens.OFFICER))
                .when().get("/customers/{id}/residue", UUID.randomUUID())
                .then().statusCode(404).contentType("application/problem+json").body("status", notNullValue());
    }

    private static String holder(JsonPath proof, String holder) {
        return proof.getString("holders.find { it.holder == '" + holder + "' }.scan");
    }

    private static void acknowledge(EventPublisher publisher, String requestId, UUID customer, String holder,
            DataCategory category) {
        publisher.publish(EventType.HOLDER_ACKNOWLEDGED, customer, new HolderAcknowledged(null,
                UUID.fromString(requestId), holder, customer,
                List.of(new CategoryOutcome(category, AckOutcome.ERASED, null, null)), Instant.now()));
    }
}
