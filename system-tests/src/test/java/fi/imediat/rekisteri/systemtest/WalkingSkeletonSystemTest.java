package fi.imediat.rekisteri.systemtest;

import fi.imediat.rekisteri.testsupport.TestPersonalData;
import fi.imediat.rekisteri.testsupport.Tokens;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.notNullValue;

/**
 * The set end to end, over REST only: three service processes, one PostgreSQL, one Kafka broker, Keycloak.
 * A consent withdrawal, a prohibition and an account closure must each reach every registered holder, and an
 * erasure request must complete with every holder's acknowledgement.
 */
@Order(1)
class WalkingSkeletonSystemTest {

    private static final Duration PROPAGATION_TIMEOUT = Duration.ofSeconds(30);

    @Test
    void withdrawalProhibitionClosureAndErasureReachEveryHolder() {
        String customerId = as("customer-service").body(Map.of("firstName", TestPersonalData.FIRST_NAME,
                        "lastName", TestPersonalData.LAST_NAME, "email", TestPersonalData.email("maija"),
                        "birthDate", TestPersonalData.BIRTH_DATE))
                .when().post("/customers")
                .then().statusCode(201).extract().path("id");

        Map<String, Object> evidence = Map.of("source", "WEB_FORM", "textVersion", "2026-01");
        as("consent-service").body(Map.of("status", "GRANTED", "evidence", evidence))
                .when().put("/customers/{id}/consents/DIRECT_MARKETING/EMAIL", customerId)
                .then().statusCode(200).body("changed", equalTo(true));
        String withdrawal = as("consent-service").body(Map.of("status", "WITHDRAWN", "evidence", evidence))
                .when().put("/customers/{id}/consents/DIRECT_MARKETING/EMAIL", customerId)
                .then().statusCode(200).body("eventId", notNullValue()).extract().path("eventId");

        String prohibition = as("consent-service")
                .body(Map.of("scope", "ALL_MARKETING", "source", "CUSTOMER_SERVICE"))
                .when().post("/customers/{id}/prohibitions", customerId)
                .then().statusCode(201).extract().path("addedEventId");

        String closure = as("customer-service").body(Map.of("reason", "CUSTOMER_REQUEST"))
                .when().post("/customers/{id}/closure", customerId)
                .then().statusCode(200).body("eventId", notNullValue()).extract().path("eventId");

        awaitEveryHolder(withdrawal, "consent.withdrawn", customerId);
        awaitEveryHolder(prohibition, "prohibition.added", customerId);
        awaitEveryHolder(closure, "customer.closed", customerId);

        String erasure = as("retention-service")
                .body(Map.of("customerId", customerId, "reason", "DATA_SUBJECT_REQUEST"))
                .when().post("/erasure-requests")
                .then().statusCode(202).extract().path("id");
        await().atMost(PROPAGATION_TIMEOUT).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                as("retention-service").when().get("/erasure-requests/{id}", erasure)
                        .then().statusCode(200)
                        .body("status", equalTo("COMPLETED"))
                        .body("holders.holder",
                                containsInAnyOrder("customer-service", "consent-service", "retention-service"))
                        .body("holders.find { it.holder == 'consent-service' }.outcomes.find { "
                                + "it.category == 'MARKETING_PERMISSIONS' }.outcome", equalTo("RETAINED")));
        as("customer-service").when().get("/customers/{id}", customerId).then().statusCode(404);
        ResidueScans.assertNothingUndeclaredLeft(customerId);
    }

    private static void awaitEveryHolder(String eventId, String eventType, String customerId) {
        await().atMost(PROPAGATION_TIMEOUT).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                as("retention-service").when().get("/propagation/{id}", eventId)
                        .then().statusCode(200)
                        .body("eventType", equalTo(eventType))
                        .body("customerId", equalTo(customerId))
                        .body("complete", equalTo(true))
                        .body("holders.holder",
                                containsInAnyOrder("customer-service", "consent-service", "retention-service"))
                        .body("holders.acknowledgedAt", everyItem(notNullValue())));
    }

    private static RequestSpecification as(String service) {
        return TheSet.as(service, Tokens.AGENT);
    }
}
