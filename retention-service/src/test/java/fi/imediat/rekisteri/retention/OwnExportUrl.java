package fi.imediat.rekisteri.retention;

import fi.imediat.rekisteri.testsupport.Tokens;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;

/**
 * The tests run on a free port, which the configured export URL of retention-service itself cannot name: a test whose
 * access requests fetch retention-service's own part points the holder register at this instance first (without it,
 * such a test passed only when AccessRequestTest had run before it).
 */
final class OwnExportUrl {

    private OwnExportUrl() {
    }

    private static String ofThisInstance() {
        return "http://localhost:" + RestAssured.port + "/customers/{customerId}/export";
    }

    static void pointAtThisInstance(Tokens tokens) {
        JsonPath holders = given().auth().oauth2(tokens.user(Tokens.OFFICER)).when().get("/holders")
                .then().statusCode(200).extract().jsonPath();
        Map<String, Object> own = new HashMap<>(holders.getMap("find { it.id == 'retention-service' }"));
        own.keySet().retainAll(List.of("description", "categories", "acknowledgementRequired",
                "acknowledgementDeadline"));
        own.put("exportUrl", ofThisInstance());
        given().auth().oauth2(tokens.user(Tokens.OFFICER)).contentType(ContentType.JSON).body(own)
                .when().put("/holders/retention-service").then().statusCode(200);
    }
}
