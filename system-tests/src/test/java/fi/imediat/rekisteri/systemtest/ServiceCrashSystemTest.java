package fi.imediat.rekisteri.systemtest;

import fi.imediat.rekisteri.events.CloudEventHeaders;
import fi.imediat.rekisteri.events.EventType;
import fi.imediat.rekisteri.events.Topics;
import fi.imediat.rekisteri.infra.ServiceProcess;
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
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue "Reliability", a service killed mid-work: customer-service is SIGKILLed while it works through a batch of
 * erasure requests; once restarted, every request completes and no customer is erased twice.
 */
@Order(20)
class ServiceCrashSystemTest {

    private static final int REQUESTS = 200;
    private static final Duration COMPLETION_TIMEOUT = Duration.ofSeconds(180);

    @Test
    void erasuresCutOffByACrashCompleteOnceAfterTheRestart() throws Exception {
        List<String> customers = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            customers.add(TheSet.as("customer-service", Tokens.AGENT)
                    .body(Map.of("firstName", TestPersonalData.FIRST_NAME, "lastName", TestPersonalData.LAST_NAME))
                    .when().post("/customers")
                    .then().statusCode(201).extract().path("id"));
        }
        // The requests pile up on Kafka while customer-service is down; once it is back it works through them one
        // by one, and is killed again as soon as it has erased the first: mid-batch.
        ServiceProcess customerService = TheSet.stack().service("customer-service");
        customerService.kill();
        List<UUID> requests = new ArrayList<>();
        for (String customer : customers) {
            requests.add(UUID.fromString(TheSet.as("retention-service", Tokens.OFFICER)
                    .body(Map.of("customerId", customer, "reason", "DATA_SUBJECT_REQUEST"))
                    .when().post("/erasure-requests")
                    .then().statusCode(202).extract().path("id")));
        }
        customerService.restart();
        await().atMost(COMPLETION_TIMEOUT).pollInterval(Duration.ofMillis(10))
                .until(() -> erased(customers) > 0);
        customerService.kill();
        int erasedBeforeTheCrash = erased(customers);
        customerService.restart();
        customerService.awaitReady(Duration.ofSeconds(180));

        await().atMost(COMPLETION_TIMEOUT).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertEquals(REQUESTS, completed(requests), "erasure requests completed"));

        Map<String, Set<String>> erasedEvents = erasedEventsByCustomer(new HashSet<>(customers));
        for (String customer : customers) {
            assertEquals(1, erasedEvents.getOrDefault(customer, Set.of()).size(),
                    "customer " + customer + " erased by " + erasedEvents.get(customer) + " events");
        }
        assertTrue(erasedBeforeTheCrash < REQUESTS, "the crash came after all the work; nothing was cut off");
        System.out.printf("Service crash: %d erasure requests, customer-service killed after erasing %d, "
                + "%d completed after the restart, 0 applied twice%n", REQUESTS, erasedBeforeTheCrash, REQUESTS);
    }

    /** Customers customer-service has erased (its own database: the tombstone's status). */
    private static int erased(List<String> customers) throws Exception {
        try (Connection connection = TheSet.database("customer");
             PreparedStatement query = connection.prepareStatement(
                     "SELECT count(*) FROM customer WHERE status = 'ERASED' AND id = ANY (?)")) {
            query.setArray(1, connection.createArrayOf("uuid", customers.stream().map(UUID::fromString).toArray()));
            try (ResultSet result = query.executeQuery()) {
                result.next();
                return result.getInt(1);
            }
        }
    }

    private static int completed(List<UUID> requests) throws Exception {
        return count("SELECT count(*) FROM erasure_request WHERE status = 'COMPLETED' AND id = ANY (?)", requests);
    }

    private static int count(String sql, List<UUID> ids) throws Exception {
        try (Connection connection = TheSet.database("retention");
             PreparedStatement query = connection.prepareStatement(sql)) {
            query.setArray(1, connection.createArrayOf("uuid", ids.toArray()));
            try (ResultSet result = query.executeQuery()) {
                result.next();
                return result.getInt(1);
            }
        }
    }

    /** The distinct {@code customer.erased} events per customer: more than one means an erasure applied twice. */
    private static Map<String, Set<String>> erasedEventsByCustomer(Set<String> customers) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TheSet.stack().kafka().bootstrapServers());
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        // As the services read: only committed outbox batches.
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Map<String, Set<String>> erased = new HashMap<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties)) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.CUSTOMER, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (System.nanoTime() < deadline
                    && partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    String type = header(record, CloudEventHeaders.TYPE);
                    if (customers.contains(record.key()) && EventType.CUSTOMER_ERASED.ceType().equals(type)) {
                        erased.computeIfAbsent(record.key(), k -> new HashSet<>())
                                .add(header(record, CloudEventHeaders.ID));
                    }
                }
            }
        }
        return erased;
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
