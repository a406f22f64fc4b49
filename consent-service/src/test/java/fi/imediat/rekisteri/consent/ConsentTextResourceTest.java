package fi.imediat.rekisteri.consent;

import fi.imediat.rekisteri.testsupport.RekisteriTestInfrastructure;
import fi.imediat.rekisteri.testsupport.Tokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

@QuarkusTest
@WithTestResource(value = RekisteriTestInfrastructure.class, scope = TestResourceScope.GLOBAL,
        initArgs = {@ResourceArg(name = "database", value = "consent"),
                @ResourceArg(name = "kafka-principal", value = "consent-service")})
@WithTestResource(value = CustomerServiceStandIn.class, scope = TestResourceScope.GLOBAL)
class ConsentTextResourceTest {

    private final Tokens tokens = Tokens.ofService();

    @Test
    void aPublishedTextIsImmutableAndConsentsNameIt() {
        String version = "t-" + UUID.randomUUID();
        Map<String, String> text = Map.of("purpose", "RESEARCH", "language", "fi", "version", version,
                "text", "Saa soittaa tutkimuksista.");
        publish(text).then().statusCode(201)
                .header("Location", org.hamcrest.Matchers.endsWith("/consent-texts/RESEARCH/fi/" + version))
                .body("version", equalTo(version));
        publish(text).then().statusCode(200);
        publish(Map.of("purpose", "RESEARCH", "language", "fi", "version", version, "text", "Toinen sanamuoto"))
                .then().statusCode(409).contentType("application/problem+json");

        given().auth().oauth2(tokens.user(Tokens.MARKETER))
                .when().get("/consent-texts/RESEARCH/fi/{v}", version)
                .then().statusCode(200).body("text", equalTo("Saa soittaa tutkimuksista."));
        given().auth().oauth2(tokens.user(Tokens.AGENT))
                .when().get("/consent-texts/RESEARCH/en/{v}", version)
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(tokens.user(Tokens.CUSTOMER)).queryParam("purpose", "RESEARCH")
                .queryParam("language", "fi")
                .when().get("/consent-texts")
                .then().statusCode(200).body("version", hasItem(version)).body("purpose", not(hasItem("SMS")));

        UUID customer = UUID.randomUUID();
        consent(customer, "RESEARCH", version).then().statusCode(200).body("changed", equalTo(true));
        // The version exists, but for another purpose: the customer was not shown it.
        consent(customer, "PRIZE_DRAWS", version).then().statusCode(422)
                .contentType("application/problem+json")
                .body("violations[0].field", equalTo("evidence.textVersion"));
        given().auth().oauth2(tokens.user(Tokens.AGENT))
                .when().get("/customers/{id}/consents/history", customer)
                .then().statusCode(200).body("$", hasSize(1)).body("[0].textVersion", equalTo(version));
    }

    @Test
    void onlyPrivacyOfficersPublishAndBadInputIsAProblem() {
        Map<String, String> text = Map.of("purpose", "RESEARCH", "language", "fi", "version", "x1", "text", "t");
        given().auth().oauth2(tokens.user(Tokens.MARKETER)).contentType(ContentType.JSON).body(text)
                .when().post("/consent-texts").then().statusCode(403);
        given().contentType(ContentType.JSON).body(text).when().post("/consent-texts").then().statusCode(401);
        publish(Map.of("purpose", "RESEARCH", "language", "sv", "version", "x1", "text", "t"))
                .then().statusCode(400).contentType("application/problem+json");
        publish(Map.of("purpose", "RESEARCH", "language", "fi", "version", "x 1", "text", "t"))
                .then().statusCode(400).contentType("application/problem+json");
    }

    private io.restassured.response.Response publish(Map<String, String> body) {
        return given().auth().oauth2(tokens.user(Tokens.OFFICER)).contentType(ContentType.JSON).body(body)
                .when().post("/consent-texts");
    }

    private io.restassured.response.Response consent(UUID customer, String purpose, String version) {
        return given().auth().oauth2(tokens.user(Tokens.AGENT)).contentType(ContentType.JSON)
                .body(Map.of("status", "GRANTED", "evidence", Map.of("source", "WEB_FORM", "textVersion", version)))
                .when().put("/customers/{id}/consents/{p}/SMS", customer, purpose);
    }
}
