package fi.imediat.rekisteri.consent;

import fi.imediat.rekisteri.testsupport.Tokens;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;

/** What {@code POST /eligibility} decides for customers, asked as marketing. */
final class EligibilityOutcomes {

    private EligibilityOutcomes() {
    }

    /** customer id -> exclusion reason or eligibility basis. */
    static Map<String, String> of(Tokens tokens, String purpose, String channel, List<UUID> ids) {
        JsonPath answer = given().auth().oauth2(tokens.user(Tokens.MARKETER)).contentType(ContentType.JSON)
                .body(Map.of("purpose", purpose, "channel", channel, "customerIds", ids))
                .when().post("/eligibility").then().statusCode(200).extract().jsonPath();
        Map<String, String> outcomes = new HashMap<>();
        answer.<Map<String, String>>getList("eligible").forEach(e -> outcomes.put(e.get("customerId"), e.get("basis")));
        answer.<Map<String, String>>getList("excluded").forEach(e -> outcomes.put(e.get("customerId"), e.get("reason")));
        return outcomes;
    }
}
