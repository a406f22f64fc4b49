package fi.imediat.rekisteri.retention;

import fi.imediat.rekisteri.testsupport.RekisteriTestInfrastructure;
import fi.imediat.rekisteri.testsupport.Tokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
@WithTestResource(value = RekisteriTestInfrastructure.class, scope = TestResourceScope.GLOBAL,
        initArgs = {@ResourceArg(name = "database", value = "retention"),
                @ResourceArg(name = "kafka-principal", value = "retention-service")})
class PolicyTest {

    private final Tokens tokens = Tokens.ofService();

    @Inject
    EntityManager entityManager;

    @Test
    void theDefaultsOfTheDesignAreInForce() {
        given().auth().oauth2(tokens.serviceAccount("customer-service")).when().get("/policies")
                .then().statusCode(200)
                .body("find { it.category == 'BASIC_DATA' }.basis", equalTo("AFTER_RELATIONSHIP_END"))
                .body("find { it.category == 'CUSTOMERSHIP' }.period", equalTo("P3Y"))
                .body("find { it.category == 'ANALYTICS' }.basis", equalTo("AFTER_CAPTURE"))
                .body("find { it.category == 'ANALYTICS' }.period", equalTo("P26M"))
                .body("find { it.category == 'BILLING' }.basis", equalTo("AFTER_ACCOUNTING_YEAR_END"))
                .body("find { it.category == 'BILLING' }.period", equalTo("P6Y"))
                .body("find { it.category == 'BILLING' }.restricted", equalTo(true))
                .body("find { it.category == 'MARKETING_PERMISSIONS' }.basis", equalTo("KEPT"))
                .body("find { it.category == 'MARKETING_PERMISSIONS' }.period", nullValue());
    }

    @Test
    void aChangeIsANewAuditedVersionAndTheHistoryKeepsTheOldOne() {
        long audited = auditedChanges();
        int before = given().auth().oauth2(tokens.user(Tokens.OFFICER)).when().get("/policies/history?category=SELF_GIVEN")
                .then().statusCode(200).extract().path("size()");
        given().auth().oauth2(tokens.user(Tokens.OFFICER)).contentType(ContentType.JSON)
                .body(Map.of("basis", "AFTER_RELATIONSHIP_END", "period", "P2Y6M", "restricted", false))
                .when().put("/policies/SELF_GIVEN")
                .then().statusCode(200).body("period", equalTo("P2Y6M")).body("version", equalTo(before + 1));
        given().auth().oauth2(tokens.user(Tokens.OFFICER)).when().get("/policies")
                .then().statusCode(200).body("find { it.category == 'SELF_GIVEN' }.period", equalTo("P2Y6M"));
        given().auth().oauth2(tokens.user(Tokens.OFFICER)).contentType(ContentType.JSON)
                .body(Map.of("basis", "AFTER_RELATIONSHIP_END", "period", "P3Y", "restricted", false))
                .when().put("/policies/SELF_GIVEN").then().statusCode(200);
        given().auth().oauth2(tokens.user(Tokens.OFFICER)).when().get("/policies/history?category=SELF_GIVEN")
                .then().statusCode(200).body("$", hasSize(before + 2))
                .body("[1].period", equalTo("P2Y6M")).body("[0].period", equalTo("P3Y"))
                .body("[" + (before + 1) + "].changedBy", equalTo("migration"));
        assertEquals(audited + 2, auditedChanges());
    }

    @Test
    void aBadPolicyIsRefusedNamingTheField() {
        put("BASIC_DATA", "AFTER_RELATIONSHIP_END", "three years").then().statusCode(422)
                .contentType("application/problem+json").body("detail", containsString("period"));
        put("BASIC_DATA", "AFTER_RELATIONSHIP_END", "P-1Y").then().statusCode(422);
        put("BASIC_DATA", "AFTER_RELATIONSHIP_END", null).then().statusCode(422);
        put("BASIC_DATA", "KEPT", "P1Y").then().statusCode(422);
        put("BASIC_DATA", "FOREVER", null).then().statusCode(400).contentType("application/problem+json");
        put("NO_SUCH_CATEGORY", "KEPT", null).then().statusCode(404);
        given().auth().oauth2(tokens.serviceAccount("customer-service")).contentType(ContentType.JSON)
                .body(Map.of("basis", "KEPT")).when().put("/policies/BASIC_DATA").then().statusCode(403);
        given().auth().oauth2(tokens.user(Tokens.OFFICER)).when().get("/policies")
                .then().body("find { it.category == 'BASIC_DATA' }.period", equalTo("P3Y"));
    }

    private io.restassured.response.Response put(String category, String basis, String period) {
        Map<String, Object> body = new HashMap<>();
        body.put("basis", basis);
        body.put("period", period);
        return given().auth().oauth2(tokens.user(Tokens.OFFICER)).contentType(ContentType.JSON).body(body)
                .when().put("/policies/" + category);
    }

    private long auditedChanges() {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager.createNativeQuery(
                "SELECT count(*) FROM audit_event WHERE operation = 'retention-policy.change'")
                .getSingleResult()).longValue());
    }
}
