package fi.imediat.rekisteri.consent;

import fi.imediat.rekisteri.testsupport.RekisteriTestInfrastructure;
import fi.imediat.rekisteri.testsupport.Tokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The marketing rules of docs/design.md §5 (README: consent-service, eligibility rules) through POST /eligibility. */
@QuarkusTest
@WithTestResource(value = RekisteriTestInfrastructure.class, scope = TestResourceScope.GLOBAL,
        initArgs = {@ResourceArg(name = "database", value = "consent"),
                @ResourceArg(name = "kafka-principal", value = "consent-service")})
@WithTestResource(value = CustomerServiceStandIn.class, scope = TestResourceScope.GLOBAL)
class EligibilityTest {

    @Inject
    DataSource dataSource;

    private final Tokens tokens = Tokens.ofService();

    /**
     * relationship: NONE (an id never seen), ACTIVE, ENDED (closed, relationship ended), ABUSE (closed for abuse),
     * ERASED; consent: NONE, GRANTED, WITHDRAWN on the purpose and channel asked; prohibition: NONE or
     * scope[/channel]; outcome: an exclusion reason, or ELIGIBLE:basis.
     */
    @ParameterizedTest(name = "{0} {1}, relationship {2}, consent {3}, prohibition {4} -> {5}")
    @CsvSource({
            // E-mail and SMS: opt-in, or the soft opt-in of an active relationship for own products.
            "DIRECT_MARKETING,  EMAIL,   ACTIVE, NONE,      NONE,                   ELIGIBLE:SOFT_OPT_IN",
            "DIRECT_MARKETING,  SMS,     ACTIVE, NONE,      NONE,                   ELIGIBLE:SOFT_OPT_IN",
            "DIRECT_MARKETING,  SMS,     ENDED,  NONE,      NONE,                   SOFT_OPT_IN_ENDED",
            "DIRECT_MARKETING,  EMAIL,   ENDED,  GRANTED,   NONE,                   ELIGIBLE:CONSENT",
            "DIRECT_MARKETING,  EMAIL,   ACTIVE, WITHDRAWN, NONE,                   WITHDRAWN",
            "DIRECT_MARKETING,  EMAIL,   NONE,   NONE,      NONE,                   NO_CONSENT",
            "DIRECT_MARKETING,  EMAIL,   NONE,   GRANTED,   NONE,                   ELIGIBLE:CONSENT",
            "PARTNER_TARGETING, EMAIL,   ACTIVE, NONE,      NONE,                   NO_CONSENT",
            "PARTNER_TARGETING, SMS,     ACTIVE, GRANTED,   NONE,                   ELIGIBLE:CONSENT",
            "DISTANCE_SELLING,  SMS,     ACTIVE, NONE,      NONE,                   NO_CONSENT",
            "RESEARCH,          EMAIL,   ACTIVE, NONE,      NONE,                   NO_CONSENT",
            "PRIZE_DRAWS,       SMS,     ACTIVE, GRANTED,   NONE,                   ELIGIBLE:CONSENT",
            // Phone, post and in-app: allowed in an active relationship unless objected to.
            "DIRECT_MARKETING,  PHONE,   ACTIVE, NONE,      NONE,                   ELIGIBLE:LEGITIMATE_INTEREST",
            "DISTANCE_SELLING,  POST,    ACTIVE, NONE,      NONE,                   ELIGIBLE:LEGITIMATE_INTEREST",
            "DIRECT_MARKETING,  POST,    ENDED,  NONE,      NONE,                   CLOSED",
            "DIRECT_MARKETING,  POST,    ENDED,  GRANTED,   NONE,                   ELIGIBLE:CONSENT",
            "DIRECT_MARKETING,  POST,    NONE,   NONE,      NONE,                   NO_CONSENT",
            "DIRECT_MARKETING,  PHONE,   ACTIVE, WITHDRAWN, NONE,                   WITHDRAWN",
            "DISTANCE_SELLING,  IN_APP,  ACTIVE, NONE,      NONE,                   ELIGIBLE:LEGITIMATE_INTEREST",
            "DIRECT_MARKETING,  IN_APP,  ENDED,  NONE,      NONE,                   CLOSED",
            // Disclosure needs an explicit consent, whatever the channel.
            "DISCLOSURE,        POST,    ACTIVE, NONE,      NONE,                   NO_CONSENT",
            "DISCLOSURE,        EMAIL,   ACTIVE, GRANTED,   NONE,                   ELIGIBLE:CONSENT",
            // A prohibition beats every consent, on the purposes and channels it covers and only there.
            "DIRECT_MARKETING,  EMAIL,   ACTIVE, GRANTED,   DIRECT_MARKETING,       PROHIBITED",
            "PARTNER_TARGETING, EMAIL,   ACTIVE, GRANTED,   ALL_MARKETING/EMAIL,    PROHIBITED",
            "DISTANCE_SELLING,  PHONE,   ACTIVE, NONE,      ALL_MARKETING,          PROHIBITED",
            "DIRECT_MARKETING,  PHONE,   ACTIVE, GRANTED,   DIRECT_MARKETING/EMAIL, ELIGIBLE:CONSENT",
            "DISCLOSURE,        EMAIL,   ACTIVE, GRANTED,   DISCLOSURE,             PROHIBITED",
            "DIRECT_MARKETING,  EMAIL,   ACTIVE, GRANTED,   DISCLOSURE,             ELIGIBLE:CONSENT",
            "RESEARCH,          PHONE,   ACTIVE, NONE,      ALL_MARKETING,          ELIGIBLE:LEGITIMATE_INTEREST",
            "DIRECT_MARKETING,  EMAIL,   ENDED,  NONE,      DIRECT_MARKETING,       PROHIBITED",
            // The relationship's end itself.
            "DIRECT_MARKETING,  EMAIL,   ABUSE,  GRANTED,   NONE,                   CLOSED",
            "DIRECT_MARKETING,  EMAIL,   ERASED, GRANTED,   DIRECT_MARKETING,       ERASED",
    })
    void ruleTable(String purpose, String channel, String relationship, String consent, String prohibition,
            String outcome) throws SQLException {
        UUID customer = UUID.randomUUID();
        if (!consent.equals("NONE")) {
            consent(customer, purpose, channel, consent);
        }
        String prohibitionId = prohibition.equals("NONE") ? null : prohibit(customer, prohibition);
        relationship(customer, relationship);

        JsonPath answer = eligibility(purpose, channel, List.of(customer));
        if (outcome.startsWith("ELIGIBLE:")) {
            assertEquals(List.of(customer.toString()), answer.getList("eligible.customerId"));
            assertEquals(outcome.substring("ELIGIBLE:".length()), answer.getString("eligible[0].basis"));
            assertEquals(List.of(), answer.getList("excluded"));
            return;
        }
        assertEquals(List.of(), answer.getList("eligible"));
        assertEquals(customer.toString(), answer.getString("excluded[0].customerId"));
        assertEquals(outcome, answer.getString("excluded[0].reason"));
        switch (outcome) {
            case "PROHIBITED" -> {
                assertEquals("PROHIBITION", answer.getString("excluded[0].decidedBy.kind"));
                assertEquals(prohibitionId, answer.getString("excluded[0].decidedBy.id"));
            }
            case "WITHDRAWN" -> {
                assertEquals("CONSENT_CHANGE", answer.getString("excluded[0].decidedBy.kind"));
                assertEquals(lastChangeId(customer), answer.getString("excluded[0].decidedBy.id"));
            }
            case "NO_CONSENT" -> assertNull(answer.get("excluded[0].decidedBy"));
            default -> assertEquals("RELATIONSHIP", answer.getString("excluded[0].decidedBy.kind"));
        }
    }

    @Test
    void oneCallMixesReasonsAndTheCountFormHasNoIds() throws SQLException {
        UUID softOptIn = active(UUID.randomUUID());
        UUID granted = UUID.randomUUID();
        consent(granted, "DIRECT_MARKETING", "SMS", "GRANTED");
        UUID withdrawn = active(UUID.randomUUID());
        consent(withdrawn, "DIRECT_MARKETING", "SMS", "WITHDRAWN");
        UUID prohibited = active(UUID.randomUUID());
        prohibit(prohibited, "ALL_MARKETING");
        UUID ended = UUID.randomUUID();
        relationship(ended, "ENDED");
        UUID unknown = UUID.randomUUID();
        List<UUID> audience = List.of(softOptIn, granted, withdrawn, prohibited, ended, unknown, softOptIn);

        JsonPath answer = eligibility("DIRECT_MARKETING", "SMS", audience);
        assertEquals(6, answer.getInt("requested"));
        assertEquals(Map.of(softOptIn.toString(), "SOFT_OPT_IN", granted.toString(), "CONSENT"),
                toMap(answer.getList("eligible"), "basis"));
        assertEquals(Map.of(withdrawn.toString(), "WITHDRAWN", prohibited.toString(), "PROHIBITED",
                        ended.toString(), "SOFT_OPT_IN_ENDED", unknown.toString(), "NO_CONSENT"),
                toMap(answer.getList("excluded"), "reason"));

        given().auth().oauth2(tokens.user(Tokens.MARKETER)).contentType(ContentType.JSON)
                .body(Map.of("purpose", "DIRECT_MARKETING", "channel", "SMS", "customerIds", audience))
                .when().post("/eligibility/count")
                .then().statusCode(200)
                .body("requested", equalTo(6))
                .body("eligible", equalTo(2))
                .body("eligibleByBasis", equalTo(Map.of("SOFT_OPT_IN", 1, "CONSENT", 1)))
                .body("excluded", equalTo(4))
                .body("excludedByReason", equalTo(Map.of("WITHDRAWN", 1, "PROHIBITED", 1, "SOFT_OPT_IN_ENDED", 1,
                        "NO_CONSENT", 1)))
                .body("$", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasKey("eligibleIds")));
    }

    @Test
    void theWholeRegisterIsCountedWithoutSendingItsIds() throws SQLException {
        Map<String, Object> before = everyCustomer("DIRECT_MARKETING", "SMS");
        UUID softOptIn = active(UUID.randomUUID());
        UUID granted = active(UUID.randomUUID());
        consent(granted, "DIRECT_MARKETING", "SMS", "GRANTED");
        UUID prohibited = active(UUID.randomUUID());
        consent(prohibited, "DIRECT_MARKETING", "SMS", "GRANTED");
        prohibit(prohibited, "DIRECT_MARKETING/SMS");
        UUID ended = UUID.randomUUID();
        relationship(ended, "ENDED");
        UUID erased = UUID.randomUUID();
        relationship(erased, "ERASED");
        // Known only by a consent, never by customer-service: not part of the register.
        consent(UUID.randomUUID(), "DIRECT_MARKETING", "SMS", "GRANTED");

        Map<String, Object> after = everyCustomer("DIRECT_MARKETING", "SMS");
        assertEquals(5, (Integer) after.get("requested") - (Integer) before.get("requested"));
        assertEquals(Map.of("SOFT_OPT_IN", 1, "CONSENT", 1), growth(before, after, "eligibleByBasis"));
        assertEquals(Map.of("PROHIBITED", 1, "SOFT_OPT_IN_ENDED", 1, "ERASED", 1),
                growth(before, after, "excludedByReason"));

        // The same answer as the list form given every id of the register.
        List<UUID> register = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT customer_id FROM customer_relationship");
             java.sql.ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                register.add(rows.getObject(1, UUID.class));
            }
        }
        Map<String, Object> listed = given().auth().oauth2(tokens.user(Tokens.MARKETER)).contentType(ContentType.JSON)
                .body(Map.of("purpose", "DIRECT_MARKETING", "channel", "SMS", "customerIds", register))
                .when().post("/eligibility/count")
                .then().statusCode(200).extract().jsonPath().getMap("$");
        assertEquals(listed, everyCustomer("DIRECT_MARKETING", "SMS"));
    }

    @Test
    void theWholeRegisterFormNamesAMissingOrUnknownParameter() {
        given().auth().oauth2(tokens.user(Tokens.MARKETER)).queryParam("purpose", "DIRECT_MARKETING")
                .queryParam("channel", "FAX")
                .when().get("/eligibility/count")
                .then().statusCode(400).contentType("application/problem+json")
                .body("violations[0].field", equalTo("channel"));
        given().auth().oauth2(tokens.serviceAccount("customer-service")).queryParam("channel", "EMAIL")
                .when().get("/eligibility/count")
                .then().statusCode(400).contentType("application/problem+json")
                .body("violations[0].field", equalTo("purpose"));
        given().auth().oauth2(tokens.user(Tokens.AGENT)).queryParam("purpose", "DIRECT_MARKETING")
                .queryParam("channel", "EMAIL")
                .when().get("/eligibility/count").then().statusCode(403);
    }

    @Test
    void aFullCallOfUnknownIdsIsAnsweredAndOneMoreIsRefused() {
        List<UUID> ids = IntStream.range(0, 100_000).mapToObj(i -> UUID.randomUUID()).toList();
        given().auth().oauth2(tokens.serviceAccount("customer-service")).contentType(ContentType.JSON)
                .body(Map.of("purpose", "DIRECT_MARKETING", "channel", "POST", "customerIds", ids))
                .when().post("/eligibility/count")
                .then().statusCode(200).body("excludedByReason.NO_CONSENT", equalTo(100_000));
        List<UUID> tooMany = new ArrayList<>(ids);
        tooMany.add(UUID.randomUUID());
        given().auth().oauth2(tokens.user(Tokens.MARKETER)).contentType(ContentType.JSON)
                .body(Map.of("purpose", "DIRECT_MARKETING", "channel", "POST", "customerIds", tooMany))
                .when().post("/eligibility")
                .then().statusCode(400).contentType("application/problem+json")
                .body("violations[0].field", equalTo("customerIds"));
    }

    @Test
    void aCountedAudienceIsReadAsItArrivesUnderTheRulesOfTheBoundRequest() {
        UUID unknown = UUID.randomUUID();
        // Fields in any order, an id listed twice counted once.
        countBody("{\"customerIds\":[\"" + unknown + "\",\"" + unknown + "\"],\"channel\":\"POST\","
                + "\"purpose\":\"DIRECT_MARKETING\"}")
                .statusCode(200).body("requested", equalTo(1)).body("excludedByReason.NO_CONSENT", equalTo(1));
        Map<String, String> refused = new java.util.LinkedHashMap<>();
        String ids = "\"customerIds\":[\"" + unknown + "\"";
        refused.put("{\"purpose\":\"DIRECT_MARKETING\",\"channel\":\"POST\"," + ids + ",\"1234\"]}",
                "customerIds[1]");
        refused.put("{\"purpose\":\"DIRECT_MARKETING\",\"channel\":\"POST\"," + ids + ",7]}", "customerIds[1]");
        refused.put("{\"purpose\":\"DIRECT_MARKETING\",\"channel\":\"POST\"," + ids + ",null]}", "customerIds");
        refused.put("{\"channel\":\"POST\"," + ids + "]}", "purpose");
        refused.put("{\"purpose\":\"DIRECT_MARKETING\"," + ids + "]}", "channel");
        refused.put("{\"purpose\":\"DIRECT_MARKETING\",\"channel\":\"FAX\"," + ids + "]}", "channel");
        refused.put("{\"purpose\":\"DIRECT_MARKETING\",\"channel\":\"POST\"}", "customerIds");
        refused.put("{\"purpose\":\"DIRECT_MARKETING\",\"channel\":\"POST\",\"customerIds\":{}}", "customerIds");
        refused.put("{\"purpose\":\"DIRECT_MARKETING\",\"channel\":\"POST\",\"extra\":1," + ids + "]}", "extra");
        refused.put("[]", "(body)");
        refused.put("{\"purpose\":\"DIRECT_MARKETING\",\"channel\":\"POST\"," + ids + "]}{}", "(body)");
        refused.forEach((body, field) -> countBody(body).statusCode(400).contentType("application/problem+json")
                .body("violations[0].field", equalTo(field)));
        for (String unreadable : List.of("{\"purpose\":\"DIRECT_MARKETING\",\"purpose\":\"RESEARCH\"}",
                "{\"purpose\":\"DIRECT_MARKETING\",\"channel\":\"POST\"," + ids, "{\"purpose\"::}")) {
            countBody(unreadable).statusCode(400).contentType("application/problem+json")
                    .body("type", org.hamcrest.Matchers.endsWith("/malformed-body"));
        }
    }

    private io.restassured.response.ValidatableResponse countBody(String body) {
        return given().auth().oauth2(tokens.serviceAccount("customer-service")).contentType(ContentType.JSON)
                .body(body).when().post("/eligibility/count").then();
    }

    @Test
    void badInputAndWrongCallersAreRefused() {
        Map<String, Object> body = Map.of("purpose", "DIRECT_MARKETING", "channel", "FAX",
                "customerIds", List.of(UUID.randomUUID()));
        given().auth().oauth2(tokens.user(Tokens.MARKETER)).contentType(ContentType.JSON).body(body)
                .when().post("/eligibility").then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(tokens.user(Tokens.MARKETER)).contentType(ContentType.JSON)
                .body("{\"purpose\":\"RESEARCH\",\"channel\":\"SMS\",\"customerIds\":[null]}")
                .when().post("/eligibility").then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(tokens.user(Tokens.AGENT)).contentType(ContentType.JSON)
                .body(Map.of("purpose", "RESEARCH", "channel", "SMS", "customerIds", List.of()))
                .when().post("/eligibility").then().statusCode(403);
        given().contentType(ContentType.JSON)
                .body(Map.of("purpose", "RESEARCH", "channel", "SMS", "customerIds", List.of()))
                .when().post("/eligibility/count").then().statusCode(401);
    }

    private JsonPath eligibility(String purpose, String channel, List<UUID> ids) {
        return given().auth().oauth2(tokens.user(Tokens.MARKETER)).contentType(ContentType.JSON)
                .body(Map.of("purpose", purpose, "channel", channel, "customerIds", ids))
                .when().post("/eligibility")
                .then().statusCode(200).contentType(ContentType.JSON).extract().jsonPath();
    }

    private Map<String, Object> everyCustomer(String purpose, String channel) {
        return given().auth().oauth2(tokens.user(Tokens.MARKETER)).queryParam("purpose", purpose)
                .queryParam("channel", channel)
                .when().get("/eligibility/count")
                .then().statusCode(200).contentType(ContentType.JSON).extract().jsonPath().getMap("$");
    }

    /** What grew between two count answers, per basis or reason. */
    @SuppressWarnings("unchecked")
    private static Map<String, Integer> growth(Map<String, Object> before, Map<String, Object> after, String field) {
        Map<String, Integer> was = (Map<String, Integer>) before.get(field);
        Map<String, Integer> grown = new java.util.HashMap<>();
        ((Map<String, Integer>) after.get(field)).forEach((key, count) -> {
            int delta = count - was.getOrDefault(key, 0);
            if (delta != 0) {
                grown.put(key, delta);
            }
        });
        return grown;
    }

    private static Map<String, String> toMap(List<Map<String, Object>> entries, String field) {
        Map<String, String> map = new java.util.HashMap<>();
        entries.forEach(e -> map.put((String) e.get("customerId"), (String) e.get(field)));
        return map;
    }

    private void consent(UUID customer, String purpose, String channel, String status) {
        given().auth().oauth2(tokens.user(Tokens.AGENT)).contentType(ContentType.JSON)
                .body(Map.of("status", status, "evidence", Map.of("source", "WEB_FORM")))
                .when().put("/customers/{id}/consents/{p}/{c}", customer, purpose, channel)
                .then().statusCode(200);
    }

    /** {@code scope} or {@code scope/channel}; returns the prohibition's id. */
    private String prohibit(UUID customer, String prohibition) {
        String[] parts = prohibition.split("/");
        return given().auth().oauth2(tokens.user(Tokens.AGENT)).contentType(ContentType.JSON)
                .body(Map.of("scope", parts[0], "channels", parts.length > 1 ? List.of(parts[1]) : List.of(),
                        "source", "CUSTOMER_SERVICE"))
                .when().post("/customers/{id}/prohibitions", customer)
                .then().statusCode(201).extract().path("id");
    }

    private UUID active(UUID customer) throws SQLException {
        relationship(customer, "ACTIVE");
        return customer;
    }

    /** The projection customer-service's events maintain (CustomerEventsConsumerTest covers the events). */
    private void relationship(UUID customer, String state) throws SQLException {
        if (state.equals("NONE")) {
            return;
        }
        String status = switch (state) {
            case "ENDED", "ABUSE" -> "CLOSED";
            default -> state;
        };
        String reason = switch (state) {
            case "ENDED" -> "RELATIONSHIP_ENDED";
            case "ABUSE" -> "ABUSE";
            default -> null;
        };
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement("""
                     INSERT INTO customer_relationship (customer_id, status, closure_reason, updated_at)
                     VALUES (?, ?, ?, now())""")) {
            insert.setObject(1, customer);
            insert.setString(2, status);
            insert.setString(3, reason);
            insert.executeUpdate();
        }
    }

    private String lastChangeId(UUID customer) {
        return given().auth().oauth2(tokens.user(Tokens.OFFICER))
                .when().get("/customers/{id}/consents/history", customer)
                .then().statusCode(200).extract().path("[-1].id");
    }
}
