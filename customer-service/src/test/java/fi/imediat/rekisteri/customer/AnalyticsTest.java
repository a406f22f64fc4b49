package fi.imediat.rekisteri.customer;

import fi.imediat.rekisteri.customer.analytics.service.Analytics;
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

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Usage analytics: bulk ingest, paged read, purge by age. */
@QuarkusTest
@WithTestResource(value = RekisteriTestInfrastructure.class, scope = TestResourceScope.GLOBAL,
        initArgs = {@ResourceArg(name = "database", value = "customer"),
                @ResourceArg(name = "kafka-principal", value = "customer-service")})
class AnalyticsTest {

    private final Tokens tokens = Tokens.ofService();

    @Inject
    Analytics analytics;

    @Inject
    TestDatabase database;

    @Test
    void eventsAreIngestedInBulkAndReadAPageAtATime() {
        String id = register();
        List<Map<String, String>> events = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            events.add(Map.of("type", "page-view", "occurredAt", Instant.now().minusSeconds(i).toString(),
                    "service", "hs.fi"));
        }
        given().auth().oauth2(tokens.serviceAccount("customer-service")).contentType(ContentType.JSON).body(events)
                .when().post("/customers/{id}/analytics-events", id)
                .then().statusCode(201).body("accepted", equalTo(250));

        String cursor = given().auth().oauth2(tokens.user(Tokens.AGENT)).queryParam("limit", 200)
                .when().get("/customers/{id}/analytics-events", id)
                .then().statusCode(200).body("items", hasSize(200)).body("items[0].service", equalTo("hs.fi"))
                .body("nextCursor", notNullValue()).extract().path("nextCursor");
        given().auth().oauth2(tokens.user(Tokens.AGENT)).queryParam("cursor", cursor).queryParam("limit", 200)
                .when().get("/customers/{id}/analytics-events", id)
                .then().statusCode(200).body("items", hasSize(50)).body("nextCursor", nullValue());

        given().auth().oauth2(tokens.user(Tokens.AGENT)).contentType(ContentType.JSON)
                .body(List.of(Map.of("type", "Page View!", "occurredAt", Instant.now().toString(), "service", "x")))
                .when().post("/customers/{id}/analytics-events", id).then().statusCode(400);
        given().auth().oauth2(tokens.user(Tokens.AGENT)).contentType(ContentType.JSON).body(List.of())
                .when().post("/customers/{id}/analytics-events", id).then().statusCode(400);
        given().auth().oauth2(tokens.user(Tokens.AGENT)).contentType(ContentType.JSON).body(events)
                .when().post("/customers/{id}/analytics-events", UUID.randomUUID()).then().statusCode(404);
        assertEquals(250, database.count("SELECT count(*) FROM analytics_event WHERE customer_id = ?",
                UUID.fromString(id)));
    }

    @Test
    void eventsOlderThanTheRetentionPeriodArePurged() {
        String id = register();
        Instant old = ZonedDateTime.now(ZoneOffset.UTC).minusMonths(26).minusDays(1).toInstant();
        Instant recent = ZonedDateTime.now(ZoneOffset.UTC).minusMonths(25).toInstant();
        given().auth().oauth2(tokens.user(Tokens.AGENT)).contentType(ContentType.JSON)
                .body(List.of(Map.of("type", "login", "occurredAt", old.toString(), "service", "hs.fi"),
                        Map.of("type", "logout", "occurredAt", recent.toString(), "service", "hs.fi")))
                .when().post("/customers/{id}/analytics-events", id).then().statusCode(201);
        analytics.purgeExpired();
        given().auth().oauth2(tokens.user(Tokens.AGENT)).when().get("/customers/{id}/analytics-events", id)
                .then().statusCode(200).body("items.type", contains("logout"));
    }

    private String register() {
        return given().auth().oauth2(tokens.user(Tokens.AGENT)).contentType(ContentType.JSON)
                .body(Map.of("firstName", TestPersonalData.FIRST_NAME, "lastName", TestPersonalData.LAST_NAME))
                .when().post("/customers").then().statusCode(201).extract().path("id");
    }
}
