package fi.imediat.rekisteri.customer;

import fi.imediat.rekisteri.events.EventType;
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
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The clock every time-driven rule reads, moved forward as a test or a simulation does it (rekisteri.time.movable):
 * a service planned to end next month ends, and its customer's relationship with it, once the clock has passed
 * that day, and not before.
 */
@QuarkusTest
@TestProfile(MovedClockTest.MovableTime.class)
@WithTestResource(value = RekisteriTestInfrastructure.class, scope = TestResourceScope.GLOBAL,
        initArgs = {@ResourceArg(name = "database", value = "customer"),
                @ResourceArg(name = "kafka-principal", value = "customer-service")})
class MovedClockTest {

    public static class MovableTime implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("rekisteri.time.movable", "true");
        }
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final Tokens tokens = Tokens.ofService();

    @Test
    void aPlannedEndComesWhenTheClockPassesItsDay() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        String plannedEnd = today.plusDays(30).toString();
        String customer = agent().contentType(ContentType.JSON)
                .body(Map.of("firstName", TestPersonalData.FIRST_NAME, "lastName", TestPersonalData.LAST_NAME))
                .when().post("/customers").then().statusCode(201).extract().path("id");
        agent().contentType(ContentType.JSON)
                .body(Map.of("productCode", "HS-DIGI", "startDate", today.toString(), "endDate", plannedEnd))
                .when().post("/customers/{id}/subscriptions", customer).then().statusCode(201);

        advance("P29D").body("movable", equalTo(true));
        // Runs of the hourly job (every second here) on day 29 leave it running.
        await().pollDelay(Duration.ofSeconds(2)).atMost(TIMEOUT).untilAsserted(() -> agent()
                .when().get("/customers/{id}/subscriptions", customer)
                .then().statusCode(200).body("items[0].state", equalTo("ACTIVE")));

        advance("P1D");
        Received closed = PublishedEvents.awaitOne(TestKafka.clients(), EventType.CUSTOMER_CLOSED, customer, TIMEOUT);
        assertEquals(plannedEnd, closed.body().get("relationshipEndedOn").asText());
        agent().when().get("/customers/{id}/subscriptions", customer).then().statusCode(200)
                .body("items[0].state", equalTo("ENDED")).body("items[0].endDate", equalTo(plannedEnd));

        // Time never runs back, and only a service account moves it.
        given().auth().oauth2(tokens.serviceAccount("customer-service")).contentType(ContentType.JSON)
                .body(Map.of("by", "-P1D")).when().post("/time/advance")
                .then().statusCode(422).contentType("application/problem+json");
        agent().contentType(ContentType.JSON).body(Map.of("by", "P1D")).when().post("/time/advance")
                .then().statusCode(403);
    }

    private ValidatableResponse advance(String by) {
        return given().auth().oauth2(tokens.serviceAccount("customer-service")).contentType(ContentType.JSON)
                .body(Map.of("by", by)).when().post("/time/advance").then().statusCode(200);
    }

    private RequestSpecification agent() {
        return given().auth().oauth2(tokens.user(Tokens.AGENT));
    }
}
