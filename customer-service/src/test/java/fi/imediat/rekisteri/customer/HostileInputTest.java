package fi.imediat.rekisteri.customer;

import fi.imediat.rekisteri.testsupport.RekisteriTestInfrastructure;
import fi.imediat.rekisteri.testsupport.TestPersonalData;
import fi.imediat.rekisteri.testsupport.Tokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

/**
 * Inputs the hostile-input system test found answered 500 or read one way or another: each is now a 400
 * problem+json and stores nothing (the platform's StrictJsonReading and ProblemMappers).
 */
@QuarkusTest
@WithTestResource(value = RekisteriTestInfrastructure.class, scope = TestResourceScope.GLOBAL,
        initArgs = {@ResourceArg(name = "database", value = "customer"),
                @ResourceArg(name = "kafka-principal", value = "customer-service")})
class HostileInputTest {

    private final Tokens tokens = Tokens.ofService();

    @Test
    void nulInTextIsRefusedAtTheBoundaryNotByTheDatabase() {
        agent().body("{\"label\":\"before\\u0000after\",\"active\":true}")
                .when().put("/interest-tags/hostile-nul")
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("label"));
        agent().when().get("/interest-tags")
                .then().statusCode(200).body("code", not(hasItem("hostile-nul")));
    }

    @Test
    void loneSurrogateDuplicateKeyAndTrailingContentAreMalformed() {
        String email = TestPersonalData.email("hostile.boundary");
        String valid = "\"lastName\":\"" + TestPersonalData.LAST_NAME + "\",\"email\":\"" + email + "\"";
        for (String body : new String[] {
                "{\"firstName\":\"lone \\ud800\"," + valid + "}",
                "{\"firstName\":\"" + TestPersonalData.FIRST_NAME + "\",\"firstName\":{\"$ne\":1}," + valid + "}",
                "{\"firstName\":\"" + TestPersonalData.FIRST_NAME + "\"," + valid + "} trailing"}) {
            agent().body(body).when().post("/customers")
                    .then().statusCode(400).contentType("application/problem+json");
        }
        given().auth().oauth2(tokens.user(Tokens.AGENT)).queryParam("email", email)
                .when().get("/customers").then().statusCode(200).body("items.size()", equalTo(0));
    }

    @Test
    void nestingTooDeepIsABadRequestAndChangesNothing() {
        String id = agent().body(Map.of("firstName", TestPersonalData.FIRST_NAME,
                        "lastName", TestPersonalData.LAST_NAME, "email", TestPersonalData.email("hostile.deep")))
                .when().post("/customers").then().statusCode(201).extract().path("id");
        // Deeper than Jackson's limit (1,000), shallow enough for REST Assured to pretty-print when a check fails.
        agent().body("{\"lastName\":" + "[".repeat(1200))
                .when().patch("/customers/{id}", id)
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", not(containsString("Exception")));
        agent().when().get("/customers/{id}", id)
                .then().statusCode(200).body("lastName", equalTo(TestPersonalData.LAST_NAME));
    }

    private RequestSpecification agent() {
        return given().auth().oauth2(tokens.user(Tokens.AGENT)).contentType(ContentType.JSON);
    }
}
