package fi.imediat.rekisteri.customer;

import fi.imediat.rekisteri.testsupport.RekisteriTestInfrastructure;
import fi.imediat.rekisteri.testsupport.TestPersonalData;
import fi.imediat.rekisteri.testsupport.Tokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bearer tokens verified once and remembered until their expiry (platform {@code VerifiedTokenCache}), against the
 * real Keycloak: a remembered token still gets exactly its own roles and its own subject in the audit trail, another
 * user's token is verified on its own, and a token altered after it was remembered is refused.
 */
@QuarkusTest
@WithTestResource(value = RekisteriTestInfrastructure.class, scope = TestResourceScope.GLOBAL,
        initArgs = {@ResourceArg(name = "database", value = "customer"),
                @ResourceArg(name = "kafka-principal", value = "customer-service")})
class VerifiedTokenCacheTest {

    private final Tokens tokens = Tokens.ofService();

    @Inject
    TestDatabase database;

    @Test
    void aRememberedTokenKeepsItsOwnRolesAndSubjectAndAnAlteredOneIsRefused() {
        String agent = tokens.user(Tokens.AGENT);
        String officer = tokens.user(Tokens.OFFICER);
        String marketer = tokens.user(Tokens.MARKETER);
        String id = given().auth().oauth2(agent).contentType(ContentType.JSON)
                .body(BasicDataTest.customer(TestPersonalData.email("valimuisti"))).when().post("/customers")
                .then().statusCode(201).extract().path("id");

        double hitsBefore = hits();
        for (int i = 0; i < 3; i++) {
            given().auth().oauth2(agent).when().get("/customers/{id}", id).then().statusCode(200);
            given().auth().oauth2(officer).when().get("/customers/{id}/export", id).then().statusCode(200);
            // The marketer's token carries no role that reads a customer: refused every time, cached or not.
            given().auth().oauth2(marketer).when().get("/customers/{id}", id).then().statusCode(403);
        }
        // Each token was verified by Quarkus OIDC at most once: the two later rounds were answered from the cache.
        assertTrue(hits() - hitsBefore >= 6, "the remembered tokens were verified again");
        assertEquals(3, database.count("""
                SELECT count(*) FROM audit_event WHERE customer_id = ? AND operation = 'customer.read'
                AND subject = (SELECT subject FROM audit_event WHERE customer_id = ?
                               AND operation = 'customer.register')""", UUID.fromString(id), UUID.fromString(id)),
                "every read by the agent is the agent's");
        assertEquals(0, database.count("""
                SELECT count(*) FROM audit_event WHERE customer_id = ? AND operation = 'customer.export'
                AND subject = (SELECT subject FROM audit_event WHERE customer_id = ?
                               AND operation = 'customer.register')""", UUID.fromString(id), UUID.fromString(id)),
                "no export by the officer is recorded as the agent's");

        String forged = agent.substring(0, agent.length() - 4)
                + (agent.endsWith("AAAA") ? "BBBB" : "AAAA");
        given().auth().oauth2(forged).when().get("/customers/{id}", id).then().statusCode(401);
        String[] parts = agent.split("\\.");
        String otherClaims = parts[0] + "." + parts[1].substring(0, parts[1].length() - 2) + "xx." + parts[2];
        given().auth().oauth2(otherClaims).when().get("/customers/{id}", id).then().statusCode(401);
    }

    private static double hits() {
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(line -> line.startsWith("rekisteri_token_cache_lookups_total{")
                        && line.contains("result=\"hit\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst().orElse(0);
    }
}
