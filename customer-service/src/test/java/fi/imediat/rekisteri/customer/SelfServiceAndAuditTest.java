package fi.imediat.rekisteri.customer;

import fi.imediat.rekisteri.events.EventType;
import fi.imediat.rekisteri.infra.KafkaClients;
import fi.imediat.rekisteri.testsupport.PublishedEvents;
import fi.imediat.rekisteri.testsupport.RekisteriTestInfrastructure;
import fi.imediat.rekisteri.testsupport.TestKafka;
import fi.imediat.rekisteri.testsupport.TestPersonalData;
import fi.imediat.rekisteri.testsupport.Tokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
@WithTestResource(value = RekisteriTestInfrastructure.class, scope = TestResourceScope.GLOBAL,
        initArgs = {@ResourceArg(name = "database", value = "customer"),
                @ResourceArg(name = "kafka-principal", value = "customer-service")})
class SelfServiceAndAuditTest {

    private final KafkaClients kafka = TestKafka.clients();

    private final Tokens tokens = Tokens.ofService();

    @Test
    void aDataSubjectRegistersOnceReadsTheirOwnRecordAndCannotProbeOthers() {
        given().auth().oauth2(tokens.user(Tokens.CUSTOMER)).when().get("/customers/me")
                .then().statusCode(404).contentType("application/problem+json");
        String own = given().auth().oauth2(tokens.user(Tokens.CUSTOMER)).contentType(ContentType.JSON)
                .body(Map.of("firstName", TestPersonalData.FIRST_NAME, "lastName", TestPersonalData.LAST_NAME))
                .when().post("/customers")
                .then().statusCode(201).body("source", equalTo("SELF")).extract().path("id");
        assertEquals(TestPersonalData.CUSTOMER_SUBJECT, PublishedEvents.awaitOne(kafka,
                EventType.CUSTOMER_REGISTERED, own, Duration.ofSeconds(20)).body().get("subject").asText());

        given().auth().oauth2(tokens.user(Tokens.CUSTOMER)).when().get("/customers/{id}", own)
                .then().statusCode(200).body("lastName", equalTo(TestPersonalData.LAST_NAME));
        // Registered already (say, the id was lost): the answer says where their own record is.
        given().auth().oauth2(tokens.user(Tokens.CUSTOMER)).contentType(ContentType.JSON)
                .body(Map.of("firstName", TestPersonalData.FIRST_NAME, "lastName", TestPersonalData.LAST_NAME))
                .when().post("/customers").then().statusCode(409).contentType("application/problem+json")
                .body("detail", containsString("GET /customers/me"));
        given().auth().oauth2(tokens.user(Tokens.CUSTOMER)).when().get("/customers/me")
                .then().statusCode(200).body("id", equalTo(own))
                .body("lastName", equalTo(TestPersonalData.LAST_NAME));
        given().auth().oauth2(tokens.user(Tokens.AGENT)).when().get("/customers/me")
                .then().statusCode(403).contentType("application/problem+json");

        String someoneElse = given().auth().oauth2(tokens.user(Tokens.AGENT)).contentType(ContentType.JSON)
                .body(Map.of("firstName", TestPersonalData.OTHER_FIRST_NAME,
                        "lastName", TestPersonalData.OTHER_LAST_NAME))
                .when().post("/customers").then().statusCode(201).extract().path("id");
        given().auth().oauth2(tokens.user(Tokens.CUSTOMER)).when().get("/customers/{id}", someoneElse)
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(tokens.user(Tokens.CUSTOMER)).when().get("/customers/{id}/export", someoneElse)
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(tokens.user(Tokens.CUSTOMER)).when().get("/customers/{id}/export", own)
                .then().statusCode(200)
                .body("holder", equalTo("customer-service"))
                .body("customer.lastName", equalTo(TestPersonalData.LAST_NAME))
                .body("categories", hasItem("MARKETING_PERMISSIONS"));

        // The privacy officer sees who did what to the other customer's record, and no values.
        given().auth().oauth2(tokens.user(Tokens.OFFICER))
                .when().get("/audit?customerId={id}", someoneElse)
                .then().statusCode(200)
                .body("entries.action", containsInAnyOrder("CREATE", "READ", "EXPORT"))
                .body("entries.findAll { it.action != 'CREATE' }.outcome", everyItem(equalTo("DENIED")))
                .body("entries.find { it.action == 'READ' }.subject", equalTo(TestPersonalData.CUSTOMER_SUBJECT))
                .body("entries.find { it.action == 'CREATE' }.clientId", equalTo("rekisteri-console"))
                .body("entries.categories", everyItem(hasItem("BASIC_DATA")))
                .body("entries.find { it.action == 'EXPORT' }.purpose", equalTo("DATA_SUBJECT_RIGHTS"))
                .body(not(containsString(TestPersonalData.OTHER_LAST_NAME)));
    }

    @Test
    void theAuditTrailIsForThePrivacyOfficerAndNeedsACustomer() {
        given().auth().oauth2(tokens.user(Tokens.OFFICER)).when().get("/audit")
                .then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(tokens.user(Tokens.AGENT)).when().get("/audit?customerId={id}",
                java.util.UUID.randomUUID()).then().statusCode(403);
    }
}
