package fi.imediat.rekisteri.systemtest;

import fi.imediat.rekisteri.testsupport.TestPersonalData;
import fi.imediat.rekisteri.testsupport.Tokens;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The services calling each other over REST with their own service accounts, as in production: consent-service
 * reads a new customer's contact data from customer-service (its keyed hashes for ASML matching and suppression),
 * and retention-service assembles a GDPR access report from every holder's export. The customer's erasure then
 * deletes it with the rest, and the privacy officer's residue proof shows, service by service and table by table,
 * nothing left but what each declaration keeps.
 */
@Order(2)
class PrivacyRequestsSystemTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Test
    void consentServiceKeysANewCustomersContactsAndAnAccessReportHoldsEveryServicesPart() {
        String email = TestPersonalData.email("access");
        String customerId = TheSet.as("customer-service", Tokens.AGENT)
                .body(Map.of("firstName", TestPersonalData.FIRST_NAME, "lastName", TestPersonalData.LAST_NAME,
                        "email", email,
                        "phones", List.of(Map.of("number", "040 123 4567", "primary", true))))
                .when().post("/customers")
                .then().statusCode(201).extract().path("id");

        // customer.registered → consent-service fetches GET /customers/{id} with its client-credentials token.
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                TheSet.as("consent-service", Tokens.OFFICER)
                        .when().get("/customers/{id}/export", customerId)
                        .then().statusCode(200)
                        .body("contactKeyKinds", hasItems("EMAIL", "PHONE")));

        String request = TheSet.as("retention-service", Tokens.OFFICER)
                .body(Map.of("customerId", customerId))
                .when().post("/access-requests")
                .then().statusCode(202).extract().path("id");
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                TheSet.as("retention-service", Tokens.OFFICER)
                        .when().get("/access-requests/{id}", request)
                        .then().statusCode(200).body("status", equalTo("COMPLETED")));

        TheSet.as("retention-service", Tokens.OFFICER)
                .when().get("/access-requests/{id}/report", request)
                .then().statusCode(200)
                .body("customerId", equalTo(customerId))
                .body("holders.holder", hasItems("customer-service", "consent-service", "retention-service"))
                .body("holders.find { it.holder == 'customer-service' }.data.customer.emails.address",
                        hasItem(email))
                .body("holders.find { it.holder == 'consent-service' }.data.contactKeyKinds",
                        containsInAnyOrder("EMAIL", "PHONE"));

        // Issue 22: the erasure deletes the report and its parts (copies of every holder's data), and the privacy
        // officer's proof scans every service: nothing left but what each declaration keeps, with its reason.
        String erasure = TheSet.as("retention-service", Tokens.OFFICER)
                .body(Map.of("customerId", customerId, "reason", "DATA_SUBJECT_REQUEST"))
                .when().post("/erasure-requests")
                .then().statusCode(202).extract().path("id");
        await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                TheSet.as("retention-service", Tokens.OFFICER)
                        .when().get("/erasure-requests/{id}", erasure)
                        .then().statusCode(200).body("status", equalTo("COMPLETED")));
        ResidueScans.assertNothingUndeclaredLeft(customerId);
        String proof = TheSet.as("retention-service", Tokens.OFFICER)
                .when().get("/erasure-requests/{id}/residue", erasure)
                .then().statusCode(200)
                .body("requestId", equalTo(erasure))
                .body("residueFound", equalTo(false))
                .body("everyHolderAnswered", equalTo(true))
                .body("holders.findAll { it.scan == 'SCANNED' }.holder",
                        containsInAnyOrder("customer-service", "consent-service", "retention-service"))
                .body("holders.find { it.holder == 'customer-service' }.tables"
                        + ".find { it.table == 'customer_email' }.answer", equalTo("nothing left"))
                .body("holders.find { it.holder == 'customer-service' }.tables"
                        + ".find { it.table == 'customer' }.answer", startsWith("kept: "))
                .body("holders.find { it.holder == 'retention-service' }.tables"
                        + ".find { it.table == 'access_request_holder' }.allowed", equalTo(true))
                .extract().asString();
        assertFalse(proof.contains(email) || proof.contains(TestPersonalData.FIRST_NAME)
                || proof.contains(TestPersonalData.LAST_NAME), "a personal value in the residue proof");
        TheSet.as("retention-service", Tokens.OFFICER)
                .when().get("/erasure-requests/{id}/residue", UUID.randomUUID())
                .then().statusCode(404).contentType("application/problem+json");
    }
}
