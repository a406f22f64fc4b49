package fi.imediat.rekisteri.retention;

import fi.imediat.rekisteri.events.AckOutcome;
import fi.imediat.rekisteri.events.ClosureReason;
import fi.imediat.rekisteri.events.CustomerClosed;
import fi.imediat.rekisteri.events.CustomerRegistered;
import fi.imediat.rekisteri.events.DataCategory;
import fi.imediat.rekisteri.events.EventType;
import fi.imediat.rekisteri.events.HolderAcknowledged;
import fi.imediat.rekisteri.events.HolderAcknowledged.CategoryOutcome;
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
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * GDPR art. 15 end to end: retention-service fetches its own part over real HTTP with a token exchanged at the real
 * Keycloak for itself alone, external holders (played here) answer through Kafka or serve an export URL, which gets a
 * token for that holder alone, and the report is assembled, read and expires.
 */
@QuarkusTest
@WithTestResource(value = RekisteriTestInfrastructure.class, scope = TestResourceScope.GLOBAL,
        initArgs = {@ResourceArg(name = "database", value = "retention"),
                @ResourceArg(name = "kafka-principal", value = "retention-service")})
class AccessRequestTest {

    /** The legal deadline is counted in Helsinki's days, as the service counts it. */
    private static final ZoneId HELSINKI = ZoneId.of("Europe/Helsinki");

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final KafkaClients kafka = TestKafka.clients();

    @Inject
    AgroalDataSource dataSource;

    private final Tokens tokens = Tokens.ofService();

    @BeforeEach
    void exportUrlOfThisInstance() {
        OwnExportUrl.pointAtThisInstance(tokens);
    }

    @Test
    void aReportIsAssembledFromEveryHoldersPart() {
        String newsletter = "newsletter-access-test";
        register(newsletter, null, true);
        try {
            UUID customer = UUID.randomUUID();
            LocalDate endedOn = LocalDate.now().minusDays(3);
            try (EventPublisher publisher = new EventPublisher(kafka)) {
                publisher.publish(EventType.CUSTOMER_REGISTERED, customer,
                        new CustomerRegistered(customer, Instant.now(), "SELF", TestPersonalData.CUSTOMER_SUBJECT));
                publisher.publish(EventType.CUSTOMER_CLOSED, customer, new CustomerClosed(customer,
                        ClosureReason.CUSTOMER_REQUEST, Instant.now(), endedOn));
            }
            // retention-service's own part: what it holds about the customer.
            await().atMost(TIMEOUT).untilAsserted(() -> given().auth().oauth2(tokens.user(Tokens.OFFICER))
                    .when().get("/customers/{id}/export", customer)
                    .then().statusCode(200)
                    .body("retentionClock.relationship_ended_on", equalTo(endedOn.toString())));

            String id = given().auth().oauth2(tokens.user(Tokens.CUSTOMER)).contentType(ContentType.JSON)
                    .body(Map.of("customerId", customer))
                    .when().post("/access-requests")
                    .then().statusCode(202)
                    .header("Location", containsString("/access-requests/"))
                    .body("status", equalTo("OPEN"))
                    .body("deadline", equalTo(LocalDate.now(HELSINKI).plusMonths(1).toString()))
                    .extract().path("id");
            Received requested = PublishedEvents.awaitOne(kafka, EventType.ACCESS_REQUESTED, customer.toString(),
                    TIMEOUT);
            assertEquals(id, requested.body().get("requestId").asText());

            await().atMost(TIMEOUT).untilAsserted(() -> given().auth().oauth2(tokens.user(Tokens.OFFICER))
                    .when().get("/access-requests/{id}", id)
                    .then().statusCode(200)
                    .body("status", equalTo("OPEN"))
                    .body("holders.find { it.holder == 'retention-service' }.delivery", equalTo("EXPORT"))
                    .body("holders.find { it.holder == 'retention-service' }.receivedAt", notNullValue())
                    .body("holders.find { it.holder == '" + newsletter + "' }.delivery", equalTo("ANSWER"))
                    .body("holders.find { it.holder == '" + newsletter + "' }.receivedAt", nullValue()));
            given().auth().oauth2(tokens.user(Tokens.CUSTOMER)).when().get("/access-requests/{id}/report", id)
                    .then().statusCode(409).contentType("application/problem+json");

            try (EventPublisher publisher = new EventPublisher(kafka)) {
                answer(publisher, id, customer, newsletter, DataCategory.BASIC_DATA, AckOutcome.APPLIED);
            }
            answerForTheOtherServices(id, customer);
            await().atMost(TIMEOUT).untilAsserted(() -> given().auth().oauth2(tokens.user(Tokens.CUSTOMER))
                    .when().get("/access-requests/{id}", id)
                    .then().statusCode(200)
                    .body("status", equalTo("COMPLETED"))
                    .body("report.available", equalTo(true)));

            JsonPath report = given().auth().oauth2(tokens.user(Tokens.CUSTOMER))
                    .when().get("/access-requests/{id}/report", id)
                    .then().statusCode(200)
                    .header("Content-Disposition", containsString("access-report-" + id + ".json"))
                    .extract().jsonPath();
            assertEquals(id, report.getString("requestId"));
            assertEquals(customer.toString(), report.getString("customerId"));
            assertEquals(List.of("consent-service", "customer-service", newsletter, "retention-service"),
                    report.getList("holders.holder"));
            assertEquals(endedOn.toString(), report.getString(
                    "holders.find { it.holder == 'retention-service' }.data.retentionClock.relationship_ended_on"));
            assertEquals(id, report.getString(
                    "holders.find { it.holder == 'retention-service' }.data.accessRequests[0].id"));
            assertEquals("APPLIED", report.getString(
                    "holders.find { it.holder == '" + newsletter + "' }.outcomes[0].outcome"));
            assertEquals("ANSWER", report.getString("holders.find { it.holder == '" + newsletter + "' }.delivery"));
            assertEquals(report.getString("generatedAt"), Instant.parse(report.getString("generatedAt")).toString());

            // Another data subject does not learn that the request exists; reading the report is audited.
            given().auth().oauth2(tokens.user("asiakas2")).when().get("/access-requests/{id}/report", id)
                    .then().statusCode(404).contentType("application/problem+json");
            given().auth().oauth2(tokens.user(Tokens.OFFICER)).when().get("/audit?customerId={id}", customer)
                    .then().statusCode(200)
                    .body("entries.operation", hasItem("access.report.read"))
                    .body("entries.operation", hasItem("customer.export"));
        } finally {
            unregister(newsletter);
        }
    }

    @Test
    void aFailedFetchIsRetriedAndShownUntilItSucceedsWithATokenOnlyForThatHolder() {
        // The newsletter platform is a client of the realm that Keycloak lists as an audience of retention-service.
        String newsletter = "newsletter-platform";
        register(newsletter, "http://127.0.0.1:1/gdpr/{customerId}", false);
        try (HolderExportStandIn platform = new HolderExportStandIn()) {
            UUID customer = UUID.randomUUID();
            String id = given().auth().oauth2(tokens.user(Tokens.AGENT)).contentType(ContentType.JSON)
                    .body(Map.of("customerId", customer))
                    .when().post("/access-requests").then().statusCode(202).extract().path("id");
            answerForTheOtherServices(id, customer);
            await().atMost(TIMEOUT).untilAsserted(() -> given().auth().oauth2(tokens.user(Tokens.AGENT))
                    .when().get("/access-requests/{id}", id)
                    .then().statusCode(200)
                    .body("status", equalTo("OPEN"))
                    .body("holders.find { it.holder == '" + newsletter + "' }.attempts", greaterThanOrEqualTo(2))
                    .body("holders.find { it.holder == '" + newsletter + "' }.lastError", notNullValue())
                    .body("holders.find { it.holder == '" + newsletter + "' }.nextAttemptAt", notNullValue())
                    .body("holders.find { it.holder == '" + newsletter + "' }.receivedAt", nullValue()));

            // The platform's endpoint is repaired; the next attempt gets its part.
            Map<String, Object> repaired = holder(newsletter, platform.exportUrl(), false);
            repaired.remove("id");
            given().auth().oauth2(tokens.user(Tokens.OFFICER)).contentType(ContentType.JSON).body(repaired)
                    .when().put("/holders/{id}", newsletter).then().statusCode(200);
            await().atMost(TIMEOUT).untilAsserted(() -> given().auth().oauth2(tokens.user(Tokens.OFFICER))
                    .when().get("/access-requests/{id}", id)
                    .then().statusCode(200)
                    .body("status", equalTo("COMPLETED"))
                    .body("holders.find { it.holder == '" + newsletter + "' }.lastError", nullValue())
                    .body("report.available", equalTo(true)));
            given().auth().oauth2(tokens.user(Tokens.OFFICER)).when().get("/access-requests/{id}/report", id)
                    .then().statusCode(200)
                    .body("holders.find { it.holder == '" + newsletter + "' }.data.customerId",
                            equalTo(customer.toString()));

            // The platform was called with a token for it alone, which the register's services refuse.
            HolderExportStandIn.Call call = platform.calls().get(0);
            assertEquals("/gdpr/" + customer, call.path());
            String token = call.authorization().substring("Bearer ".length());
            JsonPath claims = new JsonPath(new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]),
                    StandardCharsets.UTF_8));
            assertEquals(List.of(newsletter), audience(claims));
            assertEquals("retention-service", claims.getString("azp"));
            given().auth().oauth2(token).when().get("/customers/{id}/export", customer)
                    .then().statusCode(401);
        } finally {
            unregister(newsletter);
        }
    }

    @Test
    void aHolderThatKeycloakIssuesNoTokenForIsNotCalled() {
        String archive = "archive-access-test";
        try (HolderExportStandIn stranger = new HolderExportStandIn()) {
            register(archive, stranger.exportUrl(), false);
            try {
                String id = given().auth().oauth2(tokens.user(Tokens.AGENT)).contentType(ContentType.JSON)
                        .body(Map.of("customerId", UUID.randomUUID()))
                        .when().post("/access-requests").then().statusCode(202).extract().path("id");
                await().atMost(TIMEOUT).untilAsserted(() -> given().auth().oauth2(tokens.user(Tokens.OFFICER))
                        .when().get("/access-requests/{id}", id)
                        .then().statusCode(200)
                        .body("holders.find { it.holder == '" + archive + "' }.lastError",
                                containsString("no token for holder " + archive))
                        .body("holders.find { it.holder == '" + archive + "' }.receivedAt", nullValue()));
                assertEquals(List.of(), stranger.calls());
            } finally {
                unregister(archive);
            }
        }
    }

    /** The aud claim: a string for one audience, an array for several. */
    private static List<String> audience(JsonPath claims) {
        Object aud = claims.get("aud");
        return aud instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of(String.valueOf(aud));
    }

    @Test
    void anExpiredReportIsDeletedAndTheRequestStays() throws SQLException {
        UUID customer = UUID.randomUUID();
        String id = requestAccess(customer);
        answerForTheOtherServices(id, customer);
        await().atMost(TIMEOUT).untilAsserted(() -> given().auth().oauth2(tokens.user(Tokens.OFFICER))
                .when().get("/access-requests/{id}", id)
                .then().statusCode(200)
                .body("status", equalTo("COMPLETED"))
                .body("report.available", equalTo(true))
                .body("report.expiresAt", notNullValue()));

        // Its retention time passes: the scheduled clean-up deletes the report; the request itself stays.
        expireReport(id);
        await().atMost(TIMEOUT).untilAsserted(() -> assertReportDeleted(id));
    }

    @Test
    void anErasureDeletesTheCopiesMadeForTheCustomersAccessRequestsAndSaysSo() throws SQLException {
        UUID customer = UUID.randomUUID();
        String access = requestAccess(customer);
        answerForTheOtherServices(access, customer);
        await().atMost(TIMEOUT).untilAsserted(() -> given().auth().oauth2(tokens.user(Tokens.OFFICER))
                .when().get("/access-requests/{id}", access)
                .then().statusCode(200).body("report.available", equalTo(true)));

        String erasure = given().auth().oauth2(tokens.user(Tokens.OFFICER)).contentType(ContentType.JSON)
                .body(Map.of("customerId", customer, "reason", "DATA_SUBJECT_REQUEST"))
                .when().post("/erasure-requests").then().statusCode(202).extract().path("id");

        // The report held every holder's data of every category: retention-service answers each as erased.
        await().atMost(TIMEOUT).untilAsserted(() -> given().auth().oauth2(tokens.user(Tokens.OFFICER))
                .when().get("/erasure-requests/{id}", erasure)
                .then().statusCode(200)
                .body("holders.find { it.holder == 'retention-service' }.outcomes.outcome",
                        everyItem(equalTo("ERASED")))
                .body("holders.find { it.holder == 'retention-service' }.outcomes.size()",
                        equalTo(DataCategory.values().length)));
        assertReportDeleted(access);
    }

    @Test
    void aPartFetchedBeforeTheErasureAndDeliveredAfterItIsNotStored() throws SQLException {
        String newsletter = "newsletter-platform";
        try (HolderExportStandIn platform = new HolderExportStandIn(true)) {
            register(newsletter, platform.exportUrl(), false);
            try {
                UUID customer = UUID.randomUUID();
                String access = requestAccess(customer);
                answerForTheOtherServices(access, customer);
                // The platform's export has been called and has not answered yet: its part is in flight.
                await().atMost(TIMEOUT).until(() -> !platform.calls().isEmpty());

                String erasure = given().auth().oauth2(tokens.user(Tokens.OFFICER)).contentType(ContentType.JSON)
                        .body(Map.of("customerId", customer, "reason", "DATA_SUBJECT_REQUEST"))
                        .when().post("/erasure-requests").then().statusCode(202).extract().path("id");
                await().atMost(TIMEOUT).untilAsserted(() -> given().auth().oauth2(tokens.user(Tokens.OFFICER))
                        .when().get("/access-requests/{id}", access)
                        .then().statusCode(200)
                        .body("status", equalTo("CLOSED_BY_ERASURE"))
                        .body("closedByErasure", equalTo(erasure))
                        .body("completedAt", notNullValue()));

                // The part copied before the platform erased arrives now: it is received, and not kept.
                platform.releaseAnswers();
                await().atMost(TIMEOUT).until(platform::hasAnswered);
                await().atMost(TIMEOUT).untilAsserted(() -> given().auth().oauth2(tokens.user(Tokens.OFFICER))
                        .when().get("/access-requests/{id}", access)
                        .then().statusCode(200)
                        .body("status", equalTo("CLOSED_BY_ERASURE"))
                        .body("holders.find { it.holder == '" + newsletter + "' }.receivedAt", notNullValue()));
                assertEquals(0, partsStored(access));
                assertEquals(0, reportsStored(access));
                assertEquals(1, platform.calls().size(), "a closed request's part is not fetched again");
                given().auth().oauth2(tokens.user(Tokens.OFFICER)).when().get("/access-requests/{id}/report", access)
                        .then().statusCode(410).contentType("application/problem+json")
                        .body("detail", containsString(erasure));
                given().auth().oauth2(tokens.user(Tokens.OFFICER)).when().get("/customers/{id}/residue", customer)
                        .then().statusCode(200).body("residueFound", equalTo(false));
            } finally {
                unregister(newsletter);
            }
        }
    }

    /** The request stays, completed, and says when its report was deleted; the report is gone. */
    private void assertReportDeleted(String id) throws SQLException {
        given().auth().oauth2(tokens.user(Tokens.OFFICER)).when().get("/access-requests/{id}", id)
                .then().statusCode(200)
                .body("status", equalTo("COMPLETED"))
                .body("report.available", equalTo(false))
                .body("report.deletedAt", notNullValue());
        given().auth().oauth2(tokens.user(Tokens.OFFICER)).when().get("/access-requests/{id}/report", id)
                .then().statusCode(410).contentType("application/problem+json");
        assertEquals(0, reportsStored(id));
    }

    @Test
    void theFetchedPartsOfARequestThatNeverCompletesExpireAfterItsDeadline() throws SQLException {
        UUID customer = UUID.randomUUID();
        String id = requestAccess(customer);
        // retention-service's own part is fetched; the other two services never answer.
        await().atMost(TIMEOUT).until(() -> partsStored(id) == 1);

        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "UPDATE access_request SET deadline = current_date - 31 WHERE id = ?")) {
            statement.setObject(1, UUID.fromString(id));
            assertEquals(1, statement.executeUpdate());
        }
        await().atMost(TIMEOUT).until(() -> partsStored(id) == 0);
        given().auth().oauth2(tokens.user(Tokens.OFFICER)).when().get("/access-requests/{id}", id)
                .then().statusCode(200).body("status", equalTo("OPEN"));
    }

    @Test
    void aDataSubjectAsksOnlyAboutThemselvesAndBadInputIsAProblem() {
        given().auth().oauth2(tokens.user(Tokens.CUSTOMER)).contentType(ContentType.JSON)
                .body(Map.of("customerId", UUID.randomUUID()))
                .when().post("/access-requests").then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(tokens.user(Tokens.OFFICER)).contentType(ContentType.JSON)
                .body(Map.of("customerId", "not-a-uuid"))
                .when().post("/access-requests").then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(tokens.user(Tokens.OFFICER)).when().get("/access-requests/{id}", UUID.randomUUID())
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(tokens.user(Tokens.OFFICER)).when().get("/customers/{id}/export", UUID.randomUUID())
                .then().statusCode(404).contentType("application/problem+json");
    }

    private String requestAccess(UUID customer) {
        return given().auth().oauth2(tokens.user(Tokens.OFFICER)).contentType(ContentType.JSON)
                .body(Map.of("customerId", customer))
                .when().post("/access-requests").then().statusCode(202).extract().path("id");
    }

    /** customer-service and consent-service have no export URL in the module's tests: they answer by event. */
    private void answerForTheOtherServices(String id, UUID customer) {
        try (EventPublisher publisher = new EventPublisher(kafka)) {
            answer(publisher, id, customer, "customer-service", DataCategory.BASIC_DATA, AckOutcome.APPLIED);
            answer(publisher, id, customer, "consent-service", DataCategory.MARKETING_PERMISSIONS,
                    AckOutcome.NOT_HELD);
        }
    }

    private static void answer(EventPublisher publisher, String requestId, UUID customer, String holder,
            DataCategory category, AckOutcome outcome) {
        publisher.publish(EventType.HOLDER_ACKNOWLEDGED, customer, new HolderAcknowledged(null,
                UUID.fromString(requestId), holder, customer, List.of(new CategoryOutcome(category, outcome, null,
                null)), Instant.now()));
    }

    /** As a privacy officer: only an officer points retention-service's calls at a holder's export URL. */
    private void register(String id, String exportUrl, boolean acknowledgementRequired) {
        given().auth().oauth2(tokens.user(Tokens.OFFICER)).contentType(ContentType.JSON)
                .body(holder(id, exportUrl, acknowledgementRequired))
                .when().post("/holders").then().statusCode(201);
    }

    private static Map<String, Object> holder(String id, String exportUrl, boolean acknowledgementRequired) {
        Map<String, Object> body = new HashMap<>(Map.of("id", id, "description", "A system holding customer data",
                "categories", List.of("BASIC_DATA"), "acknowledgementRequired", acknowledgementRequired,
                "acknowledgementDeadline", "PT1H"));
        body.put("exportUrl", exportUrl);
        return body;
    }


    private void unregister(String id) {
        given().auth().oauth2(tokens.user(Tokens.OFFICER)).when().delete("/holders/{id}", id).then().statusCode(204);
    }

    private long reportsStored(String id) throws SQLException {
        return countOfRequest("SELECT count(*) FROM access_request WHERE id = ? AND report IS NOT NULL", id);
    }

    private long partsStored(String id) throws SQLException {
        return countOfRequest(
                "SELECT count(*) FROM access_request_holder WHERE request_id = ? AND part IS NOT NULL", id);
    }

    private long countOfRequest(String sql, String id) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setObject(1, UUID.fromString(id));
            try (var rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private void expireReport(String id) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "UPDATE access_request SET report_expires_at = now() - interval '1 second' WHERE id = ?")) {
            statement.setObject(1, UUID.fromString(id));
            assertEquals(1, statement.executeUpdate());
        }
    }
}
