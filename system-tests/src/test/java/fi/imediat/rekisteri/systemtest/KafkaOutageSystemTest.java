package fi.imediat.rekisteri.systemtest;

import fi.imediat.rekisteri.events.CloudEventHeaders;
import fi.imediat.rekisteri.events.Topics;
import fi.imediat.rekisteri.infra.KafkaBroker;
import fi.imediat.rekisteri.testsupport.TestPersonalData;
import fi.imediat.rekisteri.testsupport.Tokens;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
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
        List<String> customers = new ArrayList<>();
        for (int i = 0; i < CUSTOMERS; i++) {
            customers.add(TheSet.as("customer-service", Tokens.AGENT)
                    .body(Map.of("firstName", TestPersonalData.FIRST_NAME, "lastName", TestPersonalData.LAST_NAME))
                    .when().post("/customers")
                    .then().statusCode(201).extract().path("id"));
        }

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

        Map<String, List<String>> delivered = readConsentTopic(new HashSet<>(customers), produced);
        int duplicatesOnTopic = 0;
        for (String customer : customers) {
            List<String> ids = delivered.getOrDefault(customer, List.of());
            List<String> distinctInOrder = ids.stream().distinct().toList();
            duplicatesOnTopic += ids.size() - distinctInOrder.size();
            assertEquals(eventIdsByCustomer.get(customer), distinctInOrder,
                    "events of customer " + customer + " missing or out of order");
        }

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

    /** The event ids of every record of the given customers, per customer in topic order. */
    private static Map<String, List<String>> readConsentTopic(Set<String> customers, int expected) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TheSet.stack().kafka().bootstrapServers());
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        // As the services read: only committed outbox batches.
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Map<String, List<String>> byCustomer = new HashMap<>();
        Set<String> distinct = new HashSet<>();
        long deadline = System.nanoTime() + DELIVERY_TIMEOUT.toNanos();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties)) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.CONSENT, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (distinct.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    if (customers.contains(record.key())) {
                        String id = header(record, CloudEventHeaders.ID);
                        distinct.add(id);
                        byCustomer.computeIfAbsent(record.key(), k -> new ArrayList<>()).add(id);
                    }
                }
            }
        }
        assertEquals(expected, distinct.size(), "events delivered to Kafka after the outage");
        return byCustomer;
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    /** Events of {@code ids} that {@code consumer} recorded as applied (its inbox: one row per applied event). */
    private static int applied(String database, String consumer, Set<String> ids) throws Exception {
        try (Connection connection = TheSet.database(database);
             PreparedStatement query = connection.prepareStatement(
                     "SELECT count(*) FROM inbox_event WHERE consumer = ? AND event_id = ANY (?)")) {
            query.setString(1, consumer);
            query.setArray(2, connection.createArrayOf("text", ids.toArray()));
            try (ResultSet result = query.executeQuery()) {
                result.next();
                return result.getInt(1);
            }
        }
    }

    /** Holders' acknowledgements of the withdrawals in retention-service's propagation ledger. */
    private static int acknowledgements(Set<String> withdrawals) throws Exception {
        try (Connection connection = TheSet.database("retention");
             PreparedStatement query = connection.prepareStatement(
                     "SELECT count(*) FROM holder_acknowledgement WHERE acknowledged_event_id = ANY (?)")) {
            query.setArray(1, connection.createArrayOf("uuid", withdrawals.stream().map(UUID::fromString).toArray()));
            try (ResultSet result = query.executeQuery()) {
                result.next();
                return result.getInt(1);
            }
        }
    }

    private static int restrictedCustomers(List<String> customers) throws Exception {
        try (Connection connection = TheSet.database("customer");
             PreparedStatement query = connection.prepareStatement("""
                     SELECT count(DISTINCT customer_id) FROM marketing_restriction
                     WHERE customer_id = ANY (?) AND purpose = 'DIRECT_MARKETING' AND channel = 'EMAIL'""")) {
            query.setArray(1, connection.createArrayOf("uuid", customers.stream().map(UUID::fromString).toArray()));
            try (ResultSet result = query.executeQuery()) {
                result.next();
                return result.getInt(1);
            }
        }
    }
}
