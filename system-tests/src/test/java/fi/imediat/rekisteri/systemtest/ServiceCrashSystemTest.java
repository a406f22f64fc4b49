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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue "Reliability", a service killed mid-work, and issue 21, fast recovery: customer-service is SIGKILLed while it
 * works through a backlog of erasure requests, and requests are made while it is down; once it is ready again, every
 * one of them completes within {@link #CATCH_UP} (its consumers take their partitions back at once, its relay aborts
 * the dead process's open transaction). Then it is stopped gracefully (SIGTERM) while requests keep arriving: the stop
 * takes less than {@link #GRACEFUL_STOP}, and once restarted every request completes, no customer is erased twice and
 * nothing was parked on the dead-letter topic.
 */
@Order(20)
class ServiceCrashSystemTest {

    /** Made while customer-service is down, before it starts working through them. */
    private static final int BACKLOG = 80;
    /** Made while it is down after the kill. */
    private static final int WHILE_KILLED = 40;
    /** Made while it is being stopped. */
    private static final int WHILE_STOPPING = 80;
    /** Issue 21's targets. */
    private static final Duration CATCH_UP = Duration.ofSeconds(10);
    private static final Duration GRACEFUL_STOP = Duration.ofSeconds(10);
    private static final Duration COMPLETION_TIMEOUT = Duration.ofSeconds(180);

    @Test
    void erasuresCutOffByACrashOrAStopCompleteOnceAndSoonAfterTheRestart() throws Exception {
        List<String> customers = TheSet.registerCustomers(BACKLOG + WHILE_KILLED + WHILE_STOPPING);
        List<String> backlog = customers.subList(0, BACKLOG);
        List<String> whileKilled = customers.subList(BACKLOG, BACKLOG + WHILE_KILLED);
        List<String> whileStopping = customers.subList(BACKLOG + WHILE_KILLED, customers.size());
        List<String> deadLetters = List.of(Topics.deadLetter(Topics.PRIVACY_REQUESTS));
        Map<TopicPartition, Long> parkedBefore = TheSet.endOffsets(deadLetters);

        // The requests pile up on Kafka while customer-service is down; once it is back it works through them, and
        // is killed as soon as it has erased the first: mid-batch, its relay perhaps inside a Kafka transaction.
        ServiceProcess customerService = TheSet.stack().service("customer-service");
        customerService.kill();
        List<UUID> requests = requestErasures(backlog);
        customerService.restart();
        await().atMost(COMPLETION_TIMEOUT).pollInterval(Duration.ofMillis(10))
                .until(() -> erased(customers) > 0);
        customerService.kill();
        int erasedBeforeTheCrash = erased(customers);
        requests.addAll(requestErasures(whileKilled));

        customerService.restart();
        customerService.awaitReady(Duration.ofSeconds(180));
        long ready = System.nanoTime();
        List<UUID> beforeTheStop = List.copyOf(requests);
        await().atMost(COMPLETION_TIMEOUT).pollInterval(Duration.ofMillis(100))
                .until(() -> completed(beforeTheStop) == beforeTheStop.size());
        Duration catchUp = Duration.ofNanos(System.nanoTime() - ready);

        // Then a graceful stop (SIGTERM, as Kubernetes stops a pod in a rolling update) while requests arrive: what
        // is cut off must wait for the next start, not be parked on the dead-letter topic, and the stop must end
        // well within Kubernetes' grace period.
        ExecutorService requester = Executors.newSingleThreadExecutor();
        Duration stop;
        int erasedBeforeTheStop;
        try {
            Future<List<UUID>> arriving = requester.submit(() -> requestErasures(whileStopping));
            await().atMost(COMPLETION_TIMEOUT).pollInterval(Duration.ofMillis(10))
                    .until(() -> erased(whileStopping) > 0);
            erasedBeforeTheStop = erased(whileStopping);
            long stopping = System.nanoTime();
            customerService.close();
            stop = Duration.ofNanos(System.nanoTime() - stopping);
            requests.addAll(arriving.get());
        } finally {
            requester.shutdownNow();
        }
        customerService.restart();
        customerService.awaitReady(Duration.ofSeconds(180));

        await().atMost(COMPLETION_TIMEOUT).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> assertEquals(requests.size(), completed(requests), "erasure requests completed"));
        assertEquals(parkedBefore, TheSet.endOffsets(deadLetters), "records parked on the dead-letter topic");

        Map<String, Set<String>> erasedEvents = erasedEventsByCustomer(new HashSet<>(customers));
        for (String customer : customers) {
            assertEquals(1, erasedEvents.getOrDefault(customer, Set.of()).size(),
                    "customer " + customer + " erased by " + erasedEvents.get(customer) + " events");
        }
        assertTrue(erasedBeforeTheCrash < BACKLOG, "the crash came after all the work; nothing was cut off");
        assertTrue(catchUp.compareTo(CATCH_UP) < 0, "after the kill and the restart, the " + beforeTheStop.size()
                + " requests completed " + catchUp.toMillis() + " ms after customer-service was ready");
        assertTrue(stop.compareTo(GRACEFUL_STOP) < 0, "the graceful stop took " + stop.toMillis() + " ms");
        // Whether work was left at the SIGTERM is a race (the service may have caught up with the requests
        // arriving), so it is printed, not asserted; the dead-letter topic and the counts above are checked either
        // way. An erasure cut off by the crash or the stop and redone leaves nothing behind that an undone one would
        // not.
        customers.forEach(ResidueScans::assertNothingUndeclaredLeft);
        System.out.printf("Service crash: customer-service killed after erasing %d of %d requests; %d more made "
                        + "while it was down; all %d completed %d ms after it was ready again; stopped (SIGTERM) in "
                        + "%d ms while %d more arrived (%d of them erased at the SIGTERM); %d completed after the "
                        + "restarts, 0 applied twice, 0 parked, no residue%n",
                erasedBeforeTheCrash, BACKLOG, WHILE_KILLED, beforeTheStop.size(), catchUp.toMillis(),
                stop.toMillis(), WHILE_STOPPING, erasedBeforeTheStop, requests.size());
    }

    private static List<UUID> requestErasures(List<String> customers) {
        List<UUID> requests = new ArrayList<>();
        for (String customer : customers) {
            requests.add(UUID.fromString(TheSet.as("retention-service", Tokens.OFFICER)
                    .body(Map.of("customerId", customer, "reason", "DATA_SUBJECT_REQUEST"))
                    .when().post("/erasure-requests")
                    .then().statusCode(202).extract().path("id")));
        }
        return requests;
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
