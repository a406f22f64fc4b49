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

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code POST /customers/contact-details}: what consent-service computes its contact keys from, many at a time. */
@QuarkusTest
@WithTestResource(value = RekisteriTestInfrastructure.class, scope = TestResourceScope.GLOBAL,
        initArgs = {@ResourceArg(name = "database", value = "customer"),
                @ResourceArg(name = "kafka-principal", value = "customer-service")})
class ContactDetailsTest {

    private final Tokens tokens = Tokens.ofService();

    @Inject
    TestDatabase database;

    @Test
    void aServiceReadsTheKnownCustomersOfABatchEachAudited() {
        String first = register(TestPersonalData.email("eka.era"));
        String second = register(TestPersonalData.email("toka.era"));
        String unknown = UUID.randomUUID().toString();
        List<String> known = List.of(second, first);

        given().auth().oauth2(tokens.serviceAccount("consent-service")).contentType(ContentType.JSON)
                .body(Map.of("customerIds", List.of(second, unknown, first)))
                .when().post("/customers/contact-details")
                .then().statusCode(200)
                .body("customers.id", contains(second, first))
                .body("customers[1].firstName", equalTo(TestPersonalData.FIRST_NAME))
                .body("customers[0].lastName", equalTo(TestPersonalData.LAST_NAME))
                // Primary first, as customer-service stores them: the second address was given as the primary.
                .body("customers[0].addresses.street", contains("Toinenkatu 2 B", "Ensimmäinenkatu 1"))
                .body("customers[0].addresses[0].primary", equalTo(true))
                .body("customers[0].phones.number", contains("+358401234567", "+35891234567"))
                .body("customers[0].emails.size()", equalTo(1));

        for (String customer : known) {
            assertEquals(1, database.count("""
                    SELECT count(*) FROM audit_event WHERE customer_id = CAST(? AS uuid)
                    AND operation = 'customer.contacts.read' AND client_id = 'consent-service'
                    AND action = 'READ' AND outcome = 'SUCCESS'""", customer));
        }
        assertEquals(0, database.count("SELECT count(*) FROM audit_event WHERE customer_id = CAST(? AS uuid)",
                unknown));
    }

    @Test
    void onlyServicesMayAskAndABatchHasOneTo200Customers() {
        String customer = register(TestPersonalData.email("era.rajat"));
        given().auth().oauth2(tokens.user(Tokens.AGENT)).contentType(ContentType.JSON)
                .body(Map.of("customerIds", List.of(customer)))
                .when().post("/customers/contact-details")
                .then().statusCode(403);

        List<String> tooMany = new ArrayList<>();
        IntStream.range(0, 201).forEach(i -> tooMany.add(UUID.randomUUID().toString()));
        for (Object body : List.of(Map.of("customerIds", tooMany), Map.of("customerIds", List.of()), Map.of())) {
            given().auth().oauth2(tokens.serviceAccount("consent-service")).contentType(ContentType.JSON)
                    .body(body)
                    .when().post("/customers/contact-details")
                    .then().statusCode(400).contentType("application/problem+json");
        }
        given().auth().oauth2(tokens.serviceAccount("consent-service")).contentType(ContentType.JSON)
                .body("{\"customerIds\": [\"not-a-uuid\"]}")
                .when().post("/customers/contact-details")
                .then().statusCode(400).contentType("application/problem+json");
        assertEquals(0, database.count("""
                SELECT count(*) FROM audit_event WHERE customer_id = CAST(? AS uuid)
                AND operation = 'customer.contacts.read'""", customer));
    }

    private String register(String email) {
        return given().auth().oauth2(tokens.user(Tokens.AGENT)).contentType(ContentType.JSON)
                .body(BasicDataTest.customer(email))
                .when().post("/customers").then().statusCode(201).extract().path("id");
    }
}
