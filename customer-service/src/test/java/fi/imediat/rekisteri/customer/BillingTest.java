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
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

/** Invoices and debt collection. */
@QuarkusTest
@WithTestResource(value = RekisteriTestInfrastructure.class, scope = TestResourceScope.GLOBAL,
        initArgs = {@ResourceArg(name = "database", value = "customer"),
                @ResourceArg(name = "kafka-principal", value = "customer-service")})
class BillingTest {

    private final Tokens tokens = Tokens.ofService();

    @Test
    void invoicesAreRecordedUniqueByNumberAndPaged() {
        String id = register();
        String first = "INV-" + UUID.randomUUID().toString().substring(0, 8);
        String second = "INV-" + UUID.randomUUID().toString().substring(0, 8);
        invoice(id, Map.of("number", first, "amountCents", 2490, "currency", "EUR", "issuedOn", "2025-01-15",
                "dueDate", "2025-02-14", "paidAt", "2025-02-01T08:00:00Z"))
                .statusCode(201).body("collectionState", equalTo("NONE")).body("restricted", equalTo(false));
        String secondId = invoice(id, Map.of("number", second, "amountCents", 1990, "currency", "EUR",
                "dueDate", "2025-03-14", "collectionState", "IN_COLLECTION", "collectionAgency", "Perintä Oy"))
                .statusCode(201).body("issuedOn", notNullValue()).extract().path("id");
        agent().contentType("application/merge-patch+json").body(Map.of("collectionState", "REMINDED"))
                .when().patch("/customers/{id}/invoices/{invoiceId}", id, secondId)
                .then().statusCode(200).body("collectionState", equalTo("REMINDED"))
                .body("collectionAgency", equalTo("Perintä Oy"));
        agent().contentType(ContentType.JSON).body(Map.of("paidAt", "2025-03-20T09:00:00Z"))
                .when().patch("/customers/{id}/invoices/{invoiceId}", id, UUID.randomUUID()).then().statusCode(404);
        invoice(register(), Map.of("number", first, "amountCents", 1, "currency", "EUR", "dueDate", "2025-03-14"))
                .statusCode(409);
        invoice(id, Map.of("number", "X-1", "amountCents", 1, "currency", "euro", "dueDate", "2025-03-14"))
                .statusCode(400).body("violations.field", hasItem("currency"));
        invoice(UUID.randomUUID().toString(), Map.of("number", "X-2", "amountCents", 1, "currency", "EUR",
                "dueDate", "2025-03-14")).statusCode(404);

        String cursor = agent().queryParam("limit", 1).when().get("/customers/{id}/invoices", id)
                .then().statusCode(200).body("items.number", contains(first))
                .body("items[0].amountCents", equalTo(2490)).extract().path("nextCursor");
        agent().queryParam("limit", 1).queryParam("cursor", cursor).when().get("/customers/{id}/invoices", id)
                .then().statusCode(200).body("items.number", contains(second))
                .body("items[0].collectionAgency", equalTo("Perintä Oy")).body("nextCursor", nullValue());
    }

    private io.restassured.response.ValidatableResponse invoice(String id, Map<String, Object> body) {
        return agent().contentType(ContentType.JSON).body(body).when().post("/customers/{id}/invoices", id).then();
    }

    private RequestSpecification agent() {
        return given().auth().oauth2(tokens.user(Tokens.AGENT));
    }

    private String register() {
        return agent().contentType(ContentType.JSON)
                .body(Map.of("firstName", TestPersonalData.FIRST_NAME, "lastName", TestPersonalData.LAST_NAME))
                .when().post("/customers").then().statusCode(201).extract().path("id");
    }
}
