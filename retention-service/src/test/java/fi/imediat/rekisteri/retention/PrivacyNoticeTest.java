package fi.imediat.rekisteri.retention;

import fi.imediat.rekisteri.testsupport.RekisteriTestInfrastructure;
import fi.imediat.rekisteri.testsupport.Tokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
@WithTestResource(value = RekisteriTestInfrastructure.class, scope = TestResourceScope.GLOBAL,
        initArgs = {@ResourceArg(name = "database", value = "retention"),
                @ResourceArg(name = "kafka-principal", value = "retention-service")})
class PrivacyNoticeTest {

    private final Tokens tokens = Tokens.ofService();

    @Test
    void theNoticeIsPublicAndFinnishJsonByDefault() {
        given().when().get("/privacy-notice")
                .then().statusCode(200).contentType(ContentType.JSON).header("Content-Language", "fi")
                .body("controller.name", equalTo("I-Mediat Oy"))
                .body("registerName", equalTo("Verkkopalvelun asiakasrekisteri"))
                .body("purposes[0]", equalTo("Asiakassuhteen hoitaminen"))
                .body("dataCategories.find { it.category == 'BASIC_DATA' }.retention.text",
                        equalTo("3 vuotta asiakassuhteen päättymisestä"))
                .body("dataCategories.find { it.category == 'BILLING' }.retention.restricted", equalTo(true))
                .body("retentionSummary", containsString("enintään 3 vuotta asiakassuhteen päättymisestä"))
                .body("holders.id", hasItem("consent-service"));
        given().accept("text/html").queryParam("lang", "en").when().get("/privacy-notice")
                .then().statusCode(200).contentType(ContentType.HTML)
                .body(startsWith("<!DOCTYPE html>\n<html lang=\"en\">"))
                .body(containsString("<h2>1. Controller</h2>"))
                .body(containsString("26 months after the data was recorded"));
        given().accept("text/html").header("Accept-Language", "en-GB,en;q=0.8").when().get("/privacy-notice")
                .then().statusCode(200).header("Content-Language", "en");
        given().queryParam("lang", "sv").when().get("/privacy-notice")
                .then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void aPolicyChangeShowsInTheNoticeAtOnceAndHolderTextIsEscaped() {
        given().auth().oauth2(tokens.serviceAccount("newsletter-platform")).contentType(ContentType.JSON)
                .body(Map.of("id", "escaping-archive", "description", "Archive <script>alert(1)</script> & co",
                        "categories", List.of("BASIC_DATA"), "acknowledgementRequired", false,
                        "acknowledgementDeadline", "PT1H"))
                .when().post("/holders").then().statusCode(201);
        changeBasicData("P2Y6M");
        try {
            given().queryParam("lang", "fi").when().get("/privacy-notice")
                    .then().statusCode(200)
                    .body("dataCategories.find { it.category == 'BASIC_DATA' }.retention.period", equalTo("P2Y6M"))
                    .body("dataCategories.find { it.category == 'BASIC_DATA' }.retention.text",
                            equalTo("2 vuotta ja 6 kuukautta asiakassuhteen päättymisestä"))
                    .body("holders.id", hasItem("escaping-archive"));
            given().accept("text/html").queryParam("lang", "fi").when().get("/privacy-notice")
                    .then().statusCode(200)
                    .body(containsString("<td>2 vuotta ja 6 kuukautta asiakassuhteen päättymisestä</td>"))
                    .body(containsString("Archive &lt;script&gt;alert(1)&lt;/script&gt; &amp; co"))
                    .body(not(containsString("<script>")));
            given().accept("text/html").queryParam("lang", "en").when().get("/privacy-notice")
                    .then().statusCode(200)
                    .body(containsString("<td>2 years and 6 months after the customer relationship ends</td>"));
        } finally {
            changeBasicData("P3Y");
            given().auth().oauth2(tokens.user(Tokens.OFFICER)).when().delete("/holders/escaping-archive")
                    .then().statusCode(204);
        }
        given().when().get("/privacy-notice").then()
                .body("dataCategories.find { it.category == 'BASIC_DATA' }.retention.period", equalTo("P3Y"));
    }

    private void changeBasicData(String period) {
        given().auth().oauth2(tokens.user(Tokens.OFFICER)).contentType(ContentType.JSON)
                .body(Map.of("basis", "AFTER_RELATIONSHIP_END", "period", period, "restricted", false))
                .when().put("/policies/BASIC_DATA").then().statusCode(200);
    }
}
