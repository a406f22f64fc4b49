package fi.imediat.rekisteri.customer;

import fi.imediat.rekisteri.events.EventType;
import fi.imediat.rekisteri.events.Topics;
import fi.imediat.rekisteri.infra.KafkaClients;
import fi.imediat.rekisteri.testsupport.PublishedEvents;
import fi.imediat.rekisteri.testsupport.PublishedEvents.Received;
import fi.imediat.rekisteri.testsupport.RekisteriTestInfrastructure;
import fi.imediat.rekisteri.testsupport.TestKafka;
import fi.imediat.rekisteri.testsupport.TestPersonalData;
import fi.imediat.rekisteri.testsupport.Tokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Rectification with JSON Merge Patch, and exact-match search. */
@QuarkusTest
@WithTestResource(value = RekisteriTestInfrastructure.class, scope = TestResourceScope.GLOBAL,
        initArgs = {@ResourceArg(name = "database", value = "customer"),
                @ResourceArg(name = "kafka-principal", value = "customer-service")})
class RectificationAndSearchTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final String MERGE_PATCH = "application/merge-patch+json; charset=UTF-8";

    private final KafkaClients kafka = TestKafka.clients();

    private final Tokens tokens = Tokens.ofService();

    @Test
    void aMergePatchChangesOnlyWhatItNamesAndAnnouncesTheChangedCategories() {
        String email = TestPersonalData.email("pysyva");
        String id = register(email, null);
        String keptEmailId = given().auth().oauth2(tokens.user(Tokens.AGENT)).when().get("/customers/{id}", id)
                .then().extract().path("emails[0].id");

        String newEmail = TestPersonalData.email("uusi");
        patch(id, "?source=VTJ", Map.of("lastName", TestPersonalData.OTHER_LAST_NAME,
                "emails", List.of(Map.of("address", email), Map.of("address", newEmail.toUpperCase())),
                "phones", List.of(Map.of("number", "050 765 4321")), "occupation", "Opettaja"))
                .statusCode(200)
                .body("lastName", equalTo(TestPersonalData.OTHER_LAST_NAME))
                .body("firstName", equalTo(TestPersonalData.FIRST_NAME))
                .body("provenance.name.source", equalTo("VTJ"))
                .body("emails[0].id", equalTo(keptEmailId))
                .body("emails[0].source", equalTo("REGISTRATION"))
                .body("emails[1].address", equalTo(newEmail.toLowerCase()))
                .body("emails[1].source", equalTo("VTJ"))
                .body("phones.number", contains("+358507654321"))
                .body("addresses.size()", equalTo(2))
                .body("interests", contains("news", "sports"));

        Received updated = PublishedEvents.await(kafka, Topics.CUSTOMER, id,
                list -> list.stream().anyMatch(e -> e.type() == EventType.CUSTOMER_UPDATED), TIMEOUT).stream()
                .filter(e -> e.type() == EventType.CUSTOMER_UPDATED).findFirst().orElseThrow();
        assertEquals(List.of("BASIC_DATA"), categories(updated));

        patch(id, "", Map.of("username", "rect" + id.substring(0, 8), "interests", List.of("culture")))
                .statusCode(200).body("interests", contains("culture"));
        List<Received> updates = PublishedEvents.await(kafka, Topics.CUSTOMER, id,
                list -> list.stream().filter(e -> e.type() == EventType.CUSTOMER_UPDATED).count() >= 2, TIMEOUT)
                .stream().filter(e -> e.type() == EventType.CUSTOMER_UPDATED).toList();
        assertEquals(List.of("IDENTIFICATION", "SELF_GIVEN"), categories(updates.get(1)));

        // null removes a member (RFC 7396)
        patch(id, "", java.util.Collections.singletonMap("occupation", null))
                .statusCode(200).body("occupation", nullValue()).body("provenance.occupation", nullValue());
    }

    @Test
    void conflictsAndInvalidPatchesWriteNothing() {
        String takenEmail = TestPersonalData.email("varattu");
        String other = register(takenEmail, "taken" + UUID.randomUUID().toString().substring(0, 8));
        String otherUsername = given().auth().oauth2(tokens.user(Tokens.AGENT)).when().get("/customers/{id}", other)
                .then().extract().path("username");
        String id = register(TestPersonalData.email("oma"), null);

        patch(id, "", Map.of("lastName", TestPersonalData.OTHER_LAST_NAME, "username", otherUsername.toUpperCase()))
                .statusCode(409).contentType("application/problem+json");
        patch(id, "", Map.of("lastName", TestPersonalData.OTHER_LAST_NAME,
                "emails", List.of(Map.of("address", takenEmail))))
                .statusCode(409).body("detail", not(org.hamcrest.Matchers.containsString(takenEmail)));
        patch(id, "", java.util.Collections.singletonMap("lastName", null))
                .statusCode(400).body("violations.field", hasItem("lastName"));
        patch(id, "", Map.of("birthDate", "yesterday")).statusCode(400).body("violations.field", hasItem("birthDate"));
        patch(id, "", Map.of("status", "ACTIVE")).statusCode(400).body("violations.field", hasItem("status"));
        patch(id, "", Map.of("lastName", "X", "phones", List.of(Map.of("number", "not a phone"))))
                .statusCode(400).body("violations.field", hasItem("phones[0].number"));
        patch(UUID.randomUUID().toString(), "", Map.of("lastName", "X")).statusCode(404);

        given().auth().oauth2(tokens.user(Tokens.AGENT)).when().get("/customers/{id}", id)
                .then().statusCode(200).body("lastName", equalTo(TestPersonalData.LAST_NAME))
                .body("username", nullValue());
    }

    @Test
    void searchFindsExactMatchesOfNormalisedValuesOnly() {
        String email = TestPersonalData.email("haku");
        String username = "Haku" + UUID.randomUUID().toString().substring(0, 8);
        String id = register(email, username);
        long number = given().auth().oauth2(tokens.user(Tokens.AGENT)).when().get("/customers/{id}", id)
                .then().extract().<Number>path("customerNumber").longValue();

        search("username", username.toLowerCase()).body("items.id", contains(id));
        search("email", email.toUpperCase()).body("items.id", contains(id));
        search("customerNumber", String.valueOf(number)).body("items.id", contains(id));
        search("email", email.substring(1)).body("items", org.hamcrest.Matchers.empty());

        // A closed customer's e-mail may be taken again: both are found, a page at a time.
        given().auth().oauth2(tokens.user(Tokens.AGENT)).contentType(ContentType.JSON)
                .body(Map.of("reason", "CUSTOMER_REQUEST"))
                .when().post("/customers/{id}/closure", id).then().statusCode(200);
        String second = register(email, null);
        String cursor = given().auth().oauth2(tokens.user(Tokens.AGENT)).queryParam("email", email)
                .queryParam("limit", 1).when().get("/customers")
                .then().statusCode(200).body("items.id", contains(id)).body("nextCursor", notNullValue())
                .extract().path("nextCursor");
        given().auth().oauth2(tokens.user(Tokens.AGENT)).queryParam("email", email).queryParam("cursor", cursor)
                .queryParam("limit", 1).when().get("/customers")
                .then().statusCode(200).body("items.id", contains(second)).body("nextCursor", nullValue());
        given().auth().oauth2(tokens.serviceAccount("customer-service")).queryParam("phone", "+358 40 123 4567")
                .when().get("/customers").then().statusCode(200).body("items.id", hasItem(second));

        given().auth().oauth2(tokens.user(Tokens.AGENT)).when().get("/customers")
                .then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(tokens.user(Tokens.AGENT)).queryParam("email", email).queryParam("username", username)
                .when().get("/customers").then().statusCode(400);
        given().auth().oauth2(tokens.user(Tokens.AGENT)).queryParam("phone", "abc")
                .when().get("/customers").then().statusCode(400).body("violations.field", hasItem("phone"));
        given().auth().oauth2(tokens.user(Tokens.AGENT)).queryParam("email", email).queryParam("cursor", "zz")
                .when().get("/customers").then().statusCode(400).body("violations.field", hasItem("cursor"));
        given().auth().oauth2(tokens.user(Tokens.CUSTOMER)).queryParam("email", email)
                .when().get("/customers").then().statusCode(403);
    }

    @Test
    void aDataSubjectRectifiesTheirOwnRecordAsSelf() {
        String own = given().auth().oauth2(tokens.user("asiakas2")).contentType(ContentType.JSON)
                .body(Map.of("firstName", TestPersonalData.FIRST_NAME, "lastName", TestPersonalData.LAST_NAME))
                .when().post("/customers").then().statusCode(201).extract().path("id");
        given().auth().oauth2(tokens.user("asiakas2")).contentType(MERGE_PATCH).queryParam("source", "VTJ")
                .body(Map.of("selfDescription", "Pidän uutisista.", "phones", List.of(Map.of("number", "0401112222"))))
                .when().patch("/customers/{id}", own)
                .then().statusCode(200).body("phones[0].source", equalTo("SELF"))
                .body("selfDescription", equalTo("Pidän uutisista."));
        String someoneElse = register(TestPersonalData.email("vieras"), null);
        given().auth().oauth2(tokens.user("asiakas2")).contentType(MERGE_PATCH)
                .body(Map.of("lastName", "X")).when().patch("/customers/{id}", someoneElse)
                .then().statusCode(404);
    }

    private ValidatableResponse patch(String id, String query, Map<String, ?> body) {
        return given().auth().oauth2(tokens.user(Tokens.AGENT)).contentType(MERGE_PATCH).body(body)
                .when().patch("/customers/" + id + query).then();
    }

    private ValidatableResponse search(String parameter, String value) {
        return given().auth().oauth2(tokens.user(Tokens.AGENT)).queryParam(parameter, value)
                .when().get("/customers").then().statusCode(200);
    }

    private String register(String email, String username) {
        Map<String, Object> body = BasicDataTest.customer(email);
        if (username != null) {
            body.put("username", username);
        }
        return given().auth().oauth2(tokens.user(Tokens.AGENT)).contentType(ContentType.JSON).body(body)
                .when().post("/customers").then().statusCode(201).extract().path("id");
    }

    private static List<String> categories(Received event) {
        List<String> categories = new java.util.ArrayList<>();
        event.body().get("changedCategories").forEach(c -> categories.add(c.asText()));
        return categories;
    }
}
