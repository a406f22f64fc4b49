package fi.imediat.rekisteri.consent;

import fi.imediat.rekisteri.events.Topics;
import fi.imediat.rekisteri.testsupport.RekisteriTestInfrastructure;
import fi.imediat.rekisteri.testsupport.Tokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue "Reliability", concurrent writers: requests that grant and withdraw the same consent of one customer at
 * the same moment end in one consistent history, with no lost update and exactly one event per accepted change.
 */
@QuarkusTest
@WithTestResource(value = RekisteriTestInfrastructure.class, scope = TestResourceScope.GLOBAL,
        initArgs = {@ResourceArg(name = "database", value = "consent"),
                @ResourceArg(name = "kafka-principal", value = "consent-service")})
@WithTestResource(value = CustomerServiceStandIn.class, scope = TestResourceScope.GLOBAL)
class ConcurrentConsentWritersTest {

    private static final int WRITERS = 8;
    private static final int ROUNDS = 6;

    @Inject
    DataSource dataSource;

    private final Tokens tokens = Tokens.ofService();

    @Test
    void grantsAndWithdrawalsAtOnceEndInOneConsistentHistory() throws Exception {
        UUID customer = UUID.randomUUID();
        String agent = tokens.user(Tokens.AGENT);
        CyclicBarrier barrier = new CyclicBarrier(WRITERS);
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        List<Future<List<Response>>> writers = new ArrayList<>();
        try {
            for (int w = 0; w < WRITERS; w++) {
                String status = w % 2 == 0 ? "GRANTED" : "WITHDRAWN";
                writers.add(pool.submit(() -> {
                    List<Response> responses = new ArrayList<>();
                    for (int round = 0; round < ROUNDS; round++) {
                        barrier.await(); // every writer of the round sends at the same moment
                        responses.add(given().auth().oauth2(agent).contentType(ContentType.JSON)
                                .body(Map.of("status", status,
                                        "evidence", Map.of("source", "WEB_FORM", "textVersion", "2026-01")))
                                .when().put("/customers/{id}/consents/DIRECT_MARKETING/EMAIL", customer));
                    }
                    return responses;
                }));
            }
            List<String> acceptedEvents = new ArrayList<>();
            for (Future<List<Response>> writer : writers) {
                for (Response response : writer.get()) {
                    assertEquals(200, response.statusCode(), response.asString());
                    if (response.<Boolean>path("changed")) {
                        acceptedEvents.add(response.path("eventId"));
                    }
                }
            }

            List<Map<String, Object>> history = given().auth().oauth2(agent)
                    .when().get("/customers/{id}/consents/history", customer)
                    .then().statusCode(200).extract().path("$");
            // A lost update would show as the same state twice in a row: a change applied to a stale state.
            for (int i = 1; i < history.size(); i++) {
                assertNotEquals(history.get(i - 1).get("status"), history.get(i).get("status"),
                        "entries " + (i - 1) + " and " + i + " of the history");
            }
            assertEquals(acceptedEvents.size(), history.size(), "one history entry per accepted change");
            assertEquals(new HashSet<>(acceptedEvents),
                    new HashSet<>(history.stream().map(e -> (String) e.get("eventId")).toList()));
            String current = given().auth().oauth2(agent)
                    .when().get("/customers/{id}/consents", customer)
                    .then().statusCode(200).extract().path("[0].status");
            assertEquals(history.get(history.size() - 1).get("status"), current, "current state = last entry");

            List<String> outboxEvents = TestDatabase.query(dataSource,
                    "SELECT id FROM outbox_event WHERE topic = '" + Topics.CONSENT + "' AND message_key = ?",
                    customer.toString(), rows -> rows.getString(1));
            assertEquals(acceptedEvents.size(), outboxEvents.size(), "one event per accepted change");
            assertEquals(Set.copyOf(acceptedEvents), Set.copyOf(outboxEvents));
            assertTrue(acceptedEvents.size() >= ROUNDS, "each round changes the consent at least once");
            System.out.printf("Concurrent consent writers: %d requests, %d changes accepted, %d history entries, "
                    + "%d events%n", WRITERS * ROUNDS, acceptedEvents.size(), history.size(), outboxEvents.size());
        } finally {
            pool.shutdownNow();
        }
    }
}
