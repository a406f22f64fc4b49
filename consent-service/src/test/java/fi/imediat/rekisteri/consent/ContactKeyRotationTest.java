package fi.imediat.rekisteri.consent;

import fi.imediat.rekisteri.events.ErasureReason;
import fi.imediat.rekisteri.infra.KafkaClients;
import fi.imediat.rekisteri.testsupport.RekisteriTestInfrastructure;
import fi.imediat.rekisteri.testsupport.TestKafka;
import fi.imediat.rekisteri.testsupport.Tokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * A contact-key rotation against the real database and broker: the tests configure a key 2
 * (rekisteri.contact-keys.later-secrets), the stored hashes start under key 1, and the rotation re-keys the
 * customers' keys, the ASML list and the suppression list of erased customers (whose contact data is gone) so that
 * every match holds, before and after, for customers kept before and registered after.
 */
@QuarkusTest
@WithTestResource(value = RekisteriTestInfrastructure.class, scope = TestResourceScope.GLOBAL,
        initArgs = {@ResourceArg(name = "database", value = "consent"),
                @ResourceArg(name = "kafka-principal", value = "consent-service")})
@WithTestResource(value = CustomerServiceStandIn.class, scope = TestResourceScope.GLOBAL)
class ContactKeyRotationTest {

    private final KafkaClients kafka = TestKafka.clients();
    private final Tokens tokens = Tokens.ofService();

    @Inject
    DataSource dataSource;

    @Test
    void aRotationReKeysEveryStoredHashAndEveryMatchHolds() throws Exception {
        given().auth().oauth2(tokens.user(Tokens.OFFICER)).when().get("/contact-keys")
                .then().statusCode(200)
                .body("keyId", equalTo(1)).body("newestConfiguredKeyId", equalTo(2))
                .body("rotationPending", equalTo(true));

        int n = ThreadLocalRandom.current().nextInt(1000, 9999);
        String listedPhone = "+35840333" + n;
        UUID listed = register("Liisa", "Listattu", "Kieltotie " + n, "00500", UUID.randomUUID() + "@example.invalid",
                listedPhone);
        importAsml("Listattu;Liisa;;;;040 333 " + n + ";PHONE\n");
        String objectorEmail = UUID.randomUUID() + "@example.invalid";
        UUID objector = register("Olli", "Vastustaja", "Kieltotie " + n, "00500", objectorEmail, "+35840444" + n);
        given().auth().oauth2(tokens.user(Tokens.AGENT)).contentType(ContentType.JSON)
                .body(Map.of("scope", "ALL_MARKETING", "source", "CUSTOMER_SERVICE"))
                .when().post("/customers/{id}/prohibitions", objector).then().statusCode(201);
        AnnouncedCustomers.erase(kafka, objector, ErasureReason.DATA_SUBJECT_REQUEST);
        UUID returning = register("Olli", "Vastustaja", "Uusikatu 1", "00100", objectorEmail, "+35840555" + n);
        assertMatches(listed, returning);
        byte[] phoneUnderKey1 = phoneKey(listed);

        // A rotation is asked for by naming the key, by a privacy officer only.
        rotate(Tokens.OFFICER, Map.of("toKeyId", 3)).then().statusCode(409).contentType("application/problem+json");
        rotate(Tokens.OFFICER, Map.of()).then().statusCode(400).contentType("application/problem+json");
        rotate(Tokens.MARKETER, Map.of("toKeyId", 2)).then().statusCode(403);
        assertEquals(List.of(1L), storedKeyIds());

        rotate(Tokens.OFFICER, Map.of("toKeyId", 2)).then().statusCode(200)
                .body("fromKeyId", equalTo(1)).body("toKeyId", equalTo(2))
                .body("customerKeys", greaterThanOrEqualTo(6)).body("asmlEntries", greaterThanOrEqualTo(1))
                .body("suppressionKeys", greaterThanOrEqualTo(2));
        given().auth().oauth2(tokens.user(Tokens.OFFICER)).when().get("/contact-keys")
                .then().statusCode(200)
                .body("keyId", equalTo(2)).body("rotationPending", equalTo(false))
                .body("rotatedAt", notNullValue());
        assertEquals(List.of(2L), storedKeyIds());
        assertFalse(java.util.Arrays.equals(phoneUnderKey1, phoneKey(listed)), "the stored hash was re-keyed");
        assertMatches(listed, returning);

        // Written after the rotation, under key 2: a new record with the listed phone, the objector's e-mail again.
        UUID listedAgain = register("Liisa", "Listattu", "Muuttotie 2", "33100",
                UUID.randomUUID() + "@example.invalid", listedPhone);
        UUID returningAgain = register("Olli", "Vastustaja", "Kolmaskatu 3", "90100", objectorEmail,
                "+35840666" + n);
        assertMatches(listedAgain, returningAgain);
        importAsml("Listattu;Liisa;;;;040 333 " + n + ";PHONE\n");
        assertMatches(listed, returningAgain);
        assertEquals(List.of(2L), storedKeyIds());

        rotate(Tokens.OFFICER, Map.of("toKeyId", 2)).then().statusCode(409).contentType("application/problem+json");
    }

    /** The listed customer is kept from phone marketing by the ASML list, the returning objector from e-mail. */
    private void assertMatches(UUID listed, UUID returningObjector) {
        assertEquals("ASML", EligibilityOutcomes.of(tokens, "DISTANCE_SELLING", "PHONE", List.of(listed))
                .get(listed.toString()));
        JsonPath email = given().auth().oauth2(tokens.user(Tokens.MARKETER)).contentType(ContentType.JSON)
                .body(Map.of("purpose", "DIRECT_MARKETING", "channel", "EMAIL",
                        "customerIds", List.of(returningObjector)))
                .when().post("/eligibility").then().statusCode(200).extract().jsonPath();
        assertEquals("SUPPRESSION", email.getString("excluded[0].decidedBy.kind"));
    }

    private io.restassured.response.Response rotate(String role, Map<String, Object> body) {
        return given().auth().oauth2(tokens.user(role)).contentType(ContentType.JSON).body(body)
                .when().post("/contact-keys/rotations");
    }

    private void importAsml(String lines) {
        given().auth().oauth2(tokens.user(Tokens.OFFICER)).contentType("text/csv; charset=UTF-8")
                .body(("last_name;first_names;street;postal_code;city;phone;prohibition\n" + lines)
                        .getBytes(StandardCharsets.UTF_8))
                .when().post("/imports/asml").then().statusCode(200);
    }

    private UUID register(String firstName, String lastName, String street, String postalCode, String email,
            String phone) throws InterruptedException {
        return AnnouncedCustomers.register(kafka, dataSource, CustomerServiceStandIn.customer(UUID.randomUUID(),
                firstName, lastName, street, postalCode, email, phone));
    }

    private byte[] phoneKey(UUID customer) {
        return TestDatabase.query(dataSource,
                "SELECT key_hash FROM customer_contact_key WHERE customer_id = ? AND kind = 'PHONE'", customer,
                rows -> rows.getBytes(1)).get(0);
    }

    /** The key ids found in the three tables of hashes. */
    private List<Long> storedKeyIds() {
        return TestDatabase.query(dataSource, """
                SELECT DISTINCT key_id FROM (SELECT key_id FROM customer_contact_key UNION ALL
                    SELECT key_id FROM asml_entry UNION ALL SELECT key_id FROM suppression_key) k
                WHERE key_id >= ? ORDER BY key_id""", 1, rows -> rows.getLong(1));
    }
}
