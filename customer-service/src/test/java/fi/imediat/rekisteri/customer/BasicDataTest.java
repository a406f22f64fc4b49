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

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Basic and self-given data: several addresses, e-mails and phones, normalised, with provenance. */
@QuarkusTest
@WithTestResource(value = RekisteriTestInfrastructure.class, scope = TestResourceScope.GLOBAL,
        initArgs = {@ResourceArg(name = "database", value = "customer"),
                @ResourceArg(name = "kafka-principal", value = "customer-service")})
class BasicDataTest {

    private final Tokens tokens = Tokens.ofService();

    @Inject
    TestDatabase database;

    @Test
    void registersSeveralContactDetailsNormalisedWithTheirSource() {
        String email = TestPersonalData.email("Useita.Osoitteita");
        Map<String, Object> body = customer(TestPersonalData.email("toinen"));
        body.put("emails", List.of(Map.of("address", email.toUpperCase()),
                Map.of("address", TestPersonalData.email("kolmas"), "primary", true)));
        body.put("occupation", "Toimittaja");
        body.put("source", "CUSTOMER_SERVICE");
        body.remove("email");
        String id = given().auth().oauth2(tokens.user(Tokens.AGENT)).contentType(ContentType.JSON).body(body)
                .when().post("/customers")
                .then().statusCode(201)
                .body("addresses.size()", equalTo(2))
                .body("addresses[0].street", equalTo("Toinenkatu 2 B"))
                .body("addresses[0].primary", equalTo(true))
                .body("addresses[1].primary", equalTo(false))
                .body("addresses[1].country", equalTo("FI"))
                .body("emails.size()", equalTo(2))
                .body("emails[0].primary", equalTo(true))
                .body("emails.address", hasItem(email.toLowerCase()))
                .body("phones.number", contains("+358401234567", "+35891234567"))
                .body("phones[0].primary", equalTo(true))
                .body("addresses.source", everyItem(equalTo("CUSTOMER_SERVICE")))
                .body("emails.setAt", everyItem(notNullValue()))
                .body("provenance.name.source", equalTo("CUSTOMER_SERVICE"))
                .body("interests", contains("news", "sports"))
                .extract().path("id");

        // Other services read the record with their service account.
        given().auth().oauth2(tokens.serviceAccount("customer-service")).when().get("/customers/{id}", id)
                .then().statusCode(200)
                .body("firstName", equalTo(TestPersonalData.FIRST_NAME))
                .body("birthDate", equalTo(TestPersonalData.BIRTH_DATE))
                .body("age", notNullValue())
                .body("occupation", equalTo("Toimittaja"))
                .body("addresses[0].postalCode", equalTo("00200"))
                .body("addresses[0].city", equalTo("Helsinki"))
                .body("phones[0].id", notNullValue())
                .body("selfDescription", equalTo("Luen aamulla lehden."));
    }

    @Test
    void invalidValuesAreProblemsNamingTheFieldAndStoreNothing() {
        invalid(Map.of("addresses", List.of(Map.of("street", "Katu 1", "postalCode", "0010", "city", "Helsinki"))),
                "addresses[0].postalCode");
        invalid(Map.of("phones", List.of(Map.of("number", "040 ABC 123"))), "phones[0].number");
        invalid(Map.of("phones", List.of(Map.of("number", "+358401234567", "primary", true),
                Map.of("number", "0501234567", "primary", true))), "phones");
        invalid(Map.of("emails", List.of(Map.of("address", "a@example.org"), Map.of("address", "A@example.org"))),
                "emails[1]");
        invalid(Map.of("interests", List.of("news", "no-such-tag")), "interests[1]");
        invalid(Map.of("selfDescription", "x".repeat(2001)), "selfDescription");
        invalid(Map.of("emails", List.of(Map.of("address", "no-at-sign"))), "emails[0].address");
    }

    @Test
    void anEmailOfAnotherActiveCustomerIsAConflictUntilTheyAreClosed() {
        String email = TestPersonalData.email("jaettu");
        String first = register(customer(email));
        Map<String, Object> second = customer(TestPersonalData.email("oma"));
        second.put("emails", List.of(Map.of("address", email.toUpperCase())));
        String username = "dup" + UUID.randomUUID().toString().substring(0, 8);
        second.put("username", username);
        given().auth().oauth2(tokens.user(Tokens.AGENT)).contentType(ContentType.JSON).body(second)
                .when().post("/customers")
                .then().statusCode(409).contentType("application/problem+json");
        assertEquals(0, database.count("SELECT count(*) FROM customer WHERE username = ?", username));

        given().auth().oauth2(tokens.user(Tokens.AGENT)).contentType(ContentType.JSON)
                .body(Map.of("reason", "CUSTOMER_REQUEST"))
                .when().post("/customers/{id}/closure", first).then().statusCode(200);
        register(second);
    }

    @Test
    void theInterestVocabularyIsManaged() {
        String code = "t-" + UUID.randomUUID().toString().substring(0, 8);
        given().auth().oauth2(tokens.user(Tokens.AGENT)).contentType(ContentType.JSON)
                .body(Map.of("label", "Purjehdus", "active", true))
                .when().put("/interest-tags/{code}", code).then().statusCode(200).body("code", equalTo(code));
        given().auth().oauth2(tokens.user(Tokens.MARKETER)).when().get("/interest-tags")
                .then().statusCode(200).body("code", hasItem(code));
        Map<String, Object> body = customer(TestPersonalData.email("purjehtija"));
        body.put("interests", List.of(code));
        register(body);

        given().auth().oauth2(tokens.user(Tokens.OFFICER)).contentType(ContentType.JSON)
                .body(Map.of("label", "Purjehdus", "active", false))
                .when().put("/interest-tags/{code}", code).then().statusCode(200);
        invalid(Map.of("interests", List.of(code)), "interests[0]");
        given().auth().oauth2(tokens.user(Tokens.AGENT)).contentType(ContentType.JSON)
                .body(Map.of("label", "X", "active", true))
                .when().put("/interest-tags/{code}", "Not Valid").then().statusCode(400);
    }

    private void invalid(Map<String, Object> change, String field) {
        Map<String, Object> body = customer(TestPersonalData.email("virhe"));
        body.putAll(change);
        if (change.containsKey("emails")) {
            body.remove("email");
        }
        String username = "inv" + UUID.randomUUID().toString().substring(0, 8);
        body.put("username", username);
        given().auth().oauth2(tokens.user(Tokens.AGENT)).contentType(ContentType.JSON).body(body)
                .when().post("/customers")
                .then().statusCode(400).contentType("application/problem+json")
                .body("violations.field", hasItem(field));
        assertEquals(0, database.count("SELECT count(*) FROM customer WHERE username = ?", username));
    }

    private String register(Map<String, Object> body) {
        return given().auth().oauth2(tokens.user(Tokens.AGENT)).contentType(ContentType.JSON).body(body)
                .when().post("/customers").then().statusCode(201).extract().path("id");
    }

    /** A registration with two addresses (the second primary), two phones, interests and a description. */
    static Map<String, Object> customer(String email) {
        Map<String, Object> body = new HashMap<>();
        body.put("firstName", TestPersonalData.FIRST_NAME);
        body.put("lastName", TestPersonalData.LAST_NAME);
        body.put("birthDate", TestPersonalData.BIRTH_DATE);
        body.put("email", email);
        body.put("addresses", List.of(
                Map.of("street", "Ensimmäinenkatu 1", "postalCode", "33100", "city", "Tampere"),
                Map.of("street", "Toinenkatu 2 B", "postalCode", "00200", "city", "Helsinki", "country", "FI",
                        "primary", true)));
        body.put("phones", List.of(Map.of("number", "040 123 4567"), Map.of("number", "+358 9 123 4567")));
        body.put("interests", List.of("sports", "news"));
        body.put("selfDescription", "Luen aamulla lehden.");
        return body;
    }
}
