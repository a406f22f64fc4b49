package fi.imediat.rekisteri.systemtest;

import fi.imediat.rekisteri.testsupport.TestPersonalData;
import fi.imediat.rekisteri.testsupport.Tokens;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;

/**
 * The services calling each other over REST with their own service accounts, as in production: consent-service
 * reads a new customer's contact data from customer-service (its keyed hashes for ASML matching and suppression),
 * and retention-service assembles a GDPR access report from every holder's export.
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
    }
}
