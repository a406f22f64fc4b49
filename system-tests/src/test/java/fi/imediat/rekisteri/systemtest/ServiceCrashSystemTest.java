package fi.imediat.rekisteri.systemtest;

import fi.imediat.rekisteri.events.CloudEventHeaders;
import fi.imediat.rekisteri.events.EventType;
import fi.imediat.rekisteri.events.Topics;
import fi.imediat.rekisteri.infra.ServiceProcess;
import fi.imediat.rekisteri.testsupport.Tokens;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue "Reliability", a service killed mid-work: customer-service is SIGKILLed while it works through a batch of
 * erasure requests, restarted, then stopped gracefully (SIGTERM) while it works through the rest; once restarted,
 * every request completes, no customer is erased twice and nothing was parked on the dead-letter topic.
 */
@Order(20)
class ServiceCrashSystemTest {

    private static final int REQUESTS = 200;
    private static final Duration COMPLETION_TIMEOUT = Duration.ofSeconds(180);

    @Test
    void erasuresCutOffByACrashCompleteOnceAfterTheRestart() throws Exception {
        List<String> customers = TheSet.registerCustomers(REQUESTS);
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

        // Then a graceful stop (SIGTERM, as Kubernetes stops a pod in a rolling update) with the backlog not yet
        // worked through: what is cut off must wait for the next start, not be parked on the dead-letter topic.
        List<String> deadLetters = List.of(Topics.deadLetter(Topics.PRIVACY_REQUESTS));
        Map<TopicPartition, Long> parkedBefore = TheSet.endOffsets(deadLetters);
        customerService.restart();
        await().atMost(COMPLETION_TIMEOUT).pollInterval(Duration.ofMillis(10))
                .until(() -> erased(customers) > erasedBeforeTheCrash);
        int erasedBeforeTheStop = erased(customers);
        long stopping = System.nanoTime();
        customerService.close();
        Duration stop = Duration.ofNanos(System.nanoTime() - stopping);
        customerService.restart();
        customerService.awaitReady(Duration.ofSeconds(180));

        await().atMost(COMPLETION_TIMEOUT).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertEquals(REQUESTS, completed(requests), "erasure requests completed"));
        assertEquals(parkedBefore, TheSet.endOffsets(deadLetters), "records parked on the dead-letter topic");

        Map<String, Set<String>> erasedEvents = erasedEventsByCustomer(new HashSet<>(customers));
        for (String customer : customers) {
            assertEquals(1, erasedEvents.getOrDefault(customer, Set.of()).size(),
                    "customer " + customer + " erased by " + erasedEvents.get(customer) + " events");
        }
        assertTrue(erasedBeforeTheCrash < REQUESTS, "the crash came after all the work; nothing was cut off");
        // Whether work was left at the SIGTERM is a race (the restarted service may commit its three polls at once),
        // so it is printed, not asserted; the dead-letter topic and the counts above are checked either way.
        // An erasure cut off by the crash or the stop and redone leaves nothing behind that an undone one would not.
        customers.forEach(ResidueScans::assertNothingUndeclaredLeft);
        System.out.printf("Service crash: %d erasure requests, customer-service killed after erasing %d, stopped "
                        + "(SIGTERM, %d ms) after %d, %d completed after the restarts, 0 applied twice, 0 parked, "
                        + "no residue%n",
                REQUESTS, erasedBeforeTheCrash, stop.toMillis(), erasedBeforeTheStop, REQUESTS);
    }

    /** Customers customer-service has erased (its own database: the tombstone's status). */
    private static int erased(List<String> customers) throws Exception {
        return TheSet.count("customer", "SELECT count(*) FROM customer WHERE status = 'ERASED' AND id = ANY (?)",
                customers.stream().map(UUID::fromString).toList());
    }

    private static int completed(List<UUID> requests) throws Exception {
        return TheSet.count("retention",
                "SELECT count(*) FROM erasure_request WHERE status = 'COMPLETED' AND id = ANY (?)", requests);
    }

    /**
     * The distinct {@code customer.erased} events per customer: more than one means an erasure applied twice. Read
     * until every customer has one (a request completes on the acknowledgements, which the relay may publish in an
     * earlier batch than the event), then to the end of the topic, so that a second one published later shows too.
     */
    private static Map<String, Set<String>> erasedEventsByCustomer(Set<String> customers) {
        Map<String, Set<String>> erased = new HashMap<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        try (KafkaConsumer<String, String> consumer = TheSet.readFromTheBeginning(Topics.CUSTOMER)) {
            Map<TopicPartition, Long> end = null;
            while (System.nanoTime() < deadline) {
                if (end == null && erased.size() == customers.size()) {
                    end = consumer.endOffsets(consumer.assignment());
                }
                Map<TopicPartition, Long> until = end;
                if (until != null && until.keySet().stream().allMatch(p -> consumer.position(p) >= until.get(p))) {
                    break;
                }
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    String type = TheSet.header(record, CloudEventHeaders.TYPE);
                    if (customers.contains(record.key()) && EventType.CUSTOMER_ERASED.ceType().equals(type)) {
                        erased.computeIfAbsent(record.key(), k -> new HashSet<>())
                                .add(TheSet.header(record, CloudEventHeaders.ID));
                    }
                }
            }
        }
        return erased;
    }
}
