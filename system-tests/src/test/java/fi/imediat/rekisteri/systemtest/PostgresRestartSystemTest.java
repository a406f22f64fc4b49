package fi.imediat.rekisteri.systemtest;

import fi.imediat.rekisteri.events.CloudEventHeaders;
import fi.imediat.rekisteri.events.Topics;
import fi.imediat.rekisteri.infra.EmbeddedPostgresServer;
import fi.imediat.rekisteri.testsupport.TestPersonalData;
import fi.imediat.rekisteri.testsupport.Tokens;
import io.restassured.response.Response;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue "Reliability", PostgreSQL restart: the database stops while the outbox holds committed, unpublished rows.
 * While the server is down every service reports not ready and refuses changes with a clear 503 problem (nothing
 * half-written); once it is back every service is ready again with no manual step, accepts changes, listens for
 * outbox notifications again, and the outbox relay publishes every change committed before the stop and after the
 * restart exactly once, in per-customer order. Events that arrive while the database is down wait for it: each holder
 * applies them after the restart, and none goes to a dead-letter topic.
 */
@Order(30)
class PostgresRestartSystemTest {

    private static final List<String> SERVICES = List.of("customer-service", "consent-service", "retention-service");
    private static final Map<String, String> DATABASES = Map.of("customer-service", "customer",
            "consent-service", "consent", "retention-service", "retention");
    private static final int CUSTOMERS = 10;
    private static final int CHANGES_PER_CUSTOMER = 3;
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    /** The key of the outbox relay's advisory lock (OutboxRelay: "REKISTER" in ASCII). */
    private static final long RELAY_LOCK = 0x52454b4953544552L;

    @Test
    void servicesReportNotReadyRefuseChangesCleanlyAndResumeOnTheirOwn() throws Exception {
        List<String> customers = TheSet.registerCustomers(CUSTOMERS);
        Map<String, List<String>> eventIdsByCustomer = new LinkedHashMap<>();
        makeChanges(customers, 0, eventIdsByCustomer);
        // More changes while the relay cannot publish: the test holds the relay's advisory lock, as a replica busy
        // with a long batch would. They are committed with their outbox rows, waiting when the database stops.
        EmbeddedPostgresServer postgres = TheSet.stack().postgres();
        int unpublishedAtTheStop;
        try (Connection relayLock = DriverManager.getConnection(postgres.jdbcUrl("consent"),
                EmbeddedPostgresServer.USER, "");
             Statement lock = relayLock.createStatement()) {
            lock.execute("SELECT pg_advisory_lock(" + RELAY_LOCK + ")");
            makeChanges(customers, CHANGES_PER_CUSTOMER, eventIdsByCustomer);
            unpublishedAtTheStop = TheSet.count("consent",
                    "SELECT count(*) FROM outbox_event WHERE published_at IS NULL AND topic = ?", Topics.CONSENT);
            // The stop ends this session too, and with it the lock.
            postgres.stop();
        }
        assertTrue(unpublishedAtTheStop >= CUSTOMERS * CHANGES_PER_CUSTOMER, "unpublished rows at the stop");
        // Events arriving while the database is down wait for it instead of being dead-lettered.
        Map<TopicPartition, Long> deadLettersBefore = TheSet.endOffsets(List.of(Topics.deadLetter(Topics.CONSENT)));
        List<String> arrivedWhileDown = publishNewConsentEvents(customers);

        int refused = 0;
        try {
            for (String service : SERVICES) {
                await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(500))
                        .until(() -> readiness(service) == 503);
            }
            for (String customer : customers.subList(0, 5)) {
                refusedCleanly(consentChange(customer, "GRANTED"));
                refused++;
            }
            refusedCleanly(TheSet.as("customer-service", Tokens.AGENT)
                    .body(Map.of("firstName", TestPersonalData.FIRST_NAME, "lastName", TestPersonalData.LAST_NAME))
                    .when().post("/customers"));
            refusedCleanly(TheSet.as("retention-service", Tokens.OFFICER)
                    .body(Map.of("customerId", customers.get(0), "reason", "DATA_SUBJECT_REQUEST"))
                    .when().post("/erasure-requests"));
            refused += 2;
        } finally {
            postgres.restart();
        }

        for (String service : SERVICES) {
            await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(500)).until(() -> readiness(service) == 200);
        }
        // Both holders of consent events apply each of them once the database is back, and none is dead-lettered.
        for (String database : List.of("customer", "retention")) {
            await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(500)).until(() -> TheSet.count(database,
                    "SELECT count(*) FROM inbox_event WHERE event_id = ANY (?)", arrivedWhileDown)
                    == arrivedWhileDown.size());
        }
        assertEquals(deadLettersBefore, TheSet.endOffsets(List.of(Topics.deadLetter(Topics.CONSENT))),
                "an event that arrived while the database was down was dead-lettered");
        makeChanges(customers, 2 * CHANGES_PER_CUSTOMER, eventIdsByCustomer);
        int produced = CUSTOMERS * CHANGES_PER_CUSTOMER * 3;

        // Nothing of the refused changes was written: each customer has exactly the accepted changes' events.
        assertEquals(produced, TheSet.count("consent",
                "SELECT count(*) FROM outbox_event WHERE topic = ? AND message_key = ANY (?)",
                Topics.CONSENT, customers));
        Map<String, List<String>> delivered = TheSet.eventIdsByKey(Topics.CONSENT, new HashSet<>(customers),
                produced + arrivedWhileDown.size(), TIMEOUT);
        // The test's own events, published beside the relay's, are not the relay's to order.
        delivered.values().forEach(ids -> ids.removeAll(arrivedWhileDown));
        int duplicates = TheSet.duplicatesOfInOrderDelivery(eventIdsByCustomer, delivered);
        assertEquals(0, duplicates, "events published twice");
        // Every relay waits on its notification connection again, not only on polling.
        for (String service : SERVICES) {
            await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(500)).until(() -> TheSet.count(
                    DATABASES.get(service), "SELECT count(*) FROM pg_stat_activity "
                            + "WHERE datname = current_database() AND query = 'LISTEN outbox_event'") >= 1);
        }
        System.out.printf("PostgreSQL restart: %d changes (%d before the stop, %d of them unpublished at the stop, "
                        + "%d after the restart), %d refused with 503 while down, %d distinct delivered, "
                        + "%d duplicates, 0 lost; %d events arriving while down applied by both holders, "
                        + "0 dead-lettered%n", produced, produced * 2 / 3, unpublishedAtTheStop, produced / 3,
                refused, delivered.values().stream().mapToLong(l -> l.stream().distinct().count()).sum(),
                duplicates, arrivedWhileDown.size());
    }

    /**
     * One event per customer that no holder has seen: a copy of the customer's first consent event under a new
     * event id, as consent-service would publish for a further change.
     * @return the new event ids
     */
    private static List<String> publishNewConsentEvents(List<String> customers) throws Exception {
        Map<String, ProducerRecord<String, String>> copies = new LinkedHashMap<>();
        try (KafkaConsumer<String, String> consumer = TheSet.readFromTheBeginning(Topics.CONSENT)) {
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (copies.size() < customers.size() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    if (customers.contains(record.key()) && !copies.containsKey(record.key())) {
                        ProducerRecord<String, String> copy = new ProducerRecord<>(record.topic(), record.key(),
                                record.value());
                        record.headers().forEach(header -> copy.headers().add(header));
                        copy.headers().remove(CloudEventHeaders.ID).add(CloudEventHeaders.ID,
                                UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
                        copies.put(record.key(), copy);
                    }
                }
            }
        }
        assertEquals(customers.size(), copies.size(), "consent events of the test's customers");
        List<String> ids = new ArrayList<>();
        try (KafkaProducer<String, String> producer = TheSet.producer()) {
            for (ProducerRecord<String, String> copy : copies.values()) {
                producer.send(copy).get();
                ids.add(new String(copy.headers().lastHeader(CloudEventHeaders.ID).value(), StandardCharsets.UTF_8));
            }
        }
        return ids;
    }

    /** Alternates each customer's consent: every call is a change with its own event. */
    private static void makeChanges(List<String> customers, int first, Map<String, List<String>> eventIds) {
        for (int change = first; change < first + CHANGES_PER_CUSTOMER; change++) {
            String status = change % 2 == 0 ? "GRANTED" : "WITHDRAWN";
            for (String customer : customers) {
                String eventId = consentChange(customer, status)
                        .then().statusCode(200).body("changed", equalTo(true)).extract().path("eventId");
                eventIds.computeIfAbsent(customer, c -> new ArrayList<>()).add(eventId);
            }
        }
    }

    private static Response consentChange(String customer, String status) {
        return TheSet.as("consent-service", Tokens.AGENT)
                .body(Map.of("status", status, "evidence", Map.of("source", "WEB_FORM", "textVersion", "2026-01")))
                .when().put("/customers/{id}/consents/DIRECT_MARKETING/EMAIL", customer);
    }

    /** A 503 problem the caller can act on: no stack trace, no driver message. */
    private static void refusedCleanly(Response response) {
        String body = response.asString();
        assertEquals(503, response.statusCode(), body);
        assertEquals("application/problem+json", response.contentType().split(";")[0]);
        assertTrue(response.<String>path("type").endsWith("/database-unavailable"), body);
        assertFalse(body.contains("Exception") || body.contains("\tat ") || body.contains("PSQL"), body);
    }

    private static int readiness(String service) {
        return given().baseUri(TheSet.stack().service(service).baseUrl())
                .when().get("/q/health/ready").then().extract().statusCode();
    }
}
