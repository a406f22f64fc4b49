package fi.imediat.rekisteri.systemtest;

import fi.imediat.rekisteri.events.Topics;
import fi.imediat.rekisteri.infra.KafkaBroker;
import fi.imediat.rekisteri.testsupport.Tokens;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Issue "Reliability", Kafka down: changes made through REST while the broker is stopped all succeed (each commits
 * with its outbox row), and once the broker is back every event is delivered, in per-customer order, and applied
 * exactly once by every holder.
 */
@Order(10)
class KafkaOutageSystemTest {

    private static final int CUSTOMERS = 100;
    private static final int CHANGES_PER_CUSTOMER = 10;
    private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(120);

    @Test
    void changesMadeWhileKafkaIsDownAreDeliveredInOrderAndAppliedOnce() throws Exception {
        KafkaBroker kafka = TheSet.stack().kafka();
        List<String> customers = TheSet.registerCustomers(CUSTOMERS);

        kafka.stop();
        // Each customer's consent alternates granted, withdrawn, ...: every call is a change with its own event.
        Map<String, List<String>> eventIdsByCustomer = new LinkedHashMap<>();
        Set<String> withdrawals = new HashSet<>();
        try {
            for (int change = 0; change < CHANGES_PER_CUSTOMER; change++) {
                String status = change % 2 == 0 ? "GRANTED" : "WITHDRAWN";
                for (String customer : customers) {
                    String eventId = TheSet.as("consent-service", Tokens.AGENT)
                            .body(Map.of("status", status,
                                    "evidence", Map.of("source", "WEB_FORM", "textVersion", "2026-01")))
                            .when().put("/customers/{id}/consents/DIRECT_MARKETING/EMAIL", customer)
                            .then().statusCode(200).body("changed", equalTo(true))
                            .extract().path("eventId");
                    eventIdsByCustomer.computeIfAbsent(customer, c -> new ArrayList<>()).add(eventId);
                    if (status.equals("WITHDRAWN")) {
                        withdrawals.add(eventId);
                    }
                }
            }
        } finally {
            kafka.restart();
        }
        int produced = CUSTOMERS * CHANGES_PER_CUSTOMER;

        Map<String, List<String>> delivered = TheSet.eventIdsByKey(Topics.CONSENT, new HashSet<>(customers), produced,
                DELIVERY_TIMEOUT);
        int duplicatesOnTopic = TheSet.duplicatesOfInOrderDelivery(eventIdsByCustomer, delivered);

        Set<String> all = new HashSet<>();
        eventIdsByCustomer.values().forEach(all::addAll);
        await().atMost(DELIVERY_TIMEOUT).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            assertEquals(produced, applied("customer", "customer-service/consent-events", all),
                    "customer-service applied a different number of events");
            assertEquals(produced, applied("retention", "retention-service/consent-events", all),
                    "retention-service applied a different number of events");
            assertEquals(withdrawals.size() * 3, acknowledgements(withdrawals),
                    "not every holder acknowledged every withdrawal once");
        });
        // The last change of every customer was a withdrawal: customer-service restricts marketing use for all.
        assertEquals(CUSTOMERS, restrictedCustomers(customers));

        System.out.printf("Kafka outage: %d changes made while the broker was down, %d distinct delivered, "
                        + "%d duplicate records on the topic, 0 applied twice, 0 lost%n",
                produced, all.size(), duplicatesOnTopic);
    }

    /** Events of {@code ids} that {@code consumer} recorded as applied (its inbox: one row per applied event). */
    private static int applied(String database, String consumer, Set<String> ids) throws Exception {
        return TheSet.count(database, "SELECT count(*) FROM inbox_event WHERE consumer = ? AND event_id = ANY (?)",
                consumer, ids);
    }

    /** Holders' acknowledgements of the withdrawals in retention-service's propagation ledger. */
    private static int acknowledgements(Set<String> withdrawals) throws Exception {
        return TheSet.count("retention",
                "SELECT count(*) FROM holder_acknowledgement WHERE acknowledged_event_id = ANY (?)",
                withdrawals.stream().map(UUID::fromString).toList());
    }

    private static int restrictedCustomers(List<String> customers) throws Exception {
        return TheSet.count("customer", """
                SELECT count(DISTINCT customer_id) FROM marketing_restriction
                WHERE customer_id = ANY (?) AND purpose = 'DIRECT_MARKETING' AND channel = 'EMAIL'""",
                customers.stream().map(UUID::fromString).toList());
    }
}
