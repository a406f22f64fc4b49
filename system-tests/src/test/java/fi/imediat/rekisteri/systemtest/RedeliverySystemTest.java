package fi.imediat.rekisteri.systemtest;

import fi.imediat.rekisteri.events.CloudEventHeaders;
import fi.imediat.rekisteri.events.EventType;
import fi.imediat.rekisteri.events.Topics;
import fi.imediat.rekisteri.testsupport.Tokens;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Issue 9, redelivery and duplicates: events of every type the set has published so far (by the earlier system
 * tests) are published again, twice, shuffled across customers, as a broker or producer retry would deliver them. The
 * services' consumers read them all, and every table of the three databases ends exactly as before: nothing applied
 * twice (no second effect, no second event or acknowledgement), nothing dead-lettered.
 */
@Order(55)
class RedeliverySystemTest {

    private static final List<String> TOPICS = List.of(Topics.CUSTOMER, Topics.CONSENT, Topics.PRIVACY_REQUESTS,
            Topics.privacyReplies("customer-service"), Topics.privacyReplies("consent-service"),
            Topics.privacyReplies("retention-service"));
    private static final List<String> DEAD_LETTERS = TOPICS.stream().map(Topics::deadLetter).distinct().toList();
    private static final List<String> CONSUMER_GROUPS = List.of("customer-service", "consent-service",
            "retention-service");
    private static final int RECORDS_PER_TYPE = 25;
    private static final long SEED = 20261126L;

    @Test
    void everyEventTypeDeliveredTwiceMoreLeavesEveryDatabaseAsItWas() throws Exception {
        publishTheTypesEarlierTestsDoNot();
        // Every event type is on the topics (the relays publish asynchronously), and every consumer group has read
        // all of the events there, so that none is still being applied while the snapshot is taken.
        Set<String> everyType = Arrays.stream(EventType.values()).map(EventType::ceType).collect(Collectors.toSet());
        AtomicReference<Map<String, List<ConsumerRecord<String, String>>>> onTheTopics = new AtomicReference<>();
        DatabaseSnapshot before = DatabaseSnapshot.awaitQuiet(() -> {
            onTheTopics.set(committedRecordsByType());
            return onTheTopics.get().keySet().equals(everyType)
                    && everyGroupHasRead(pastTheLastRecord(onTheTopics.get()));
        });
        Map<String, List<ConsumerRecord<String, String>>> byType = onTheTopics.get();
        List<ConsumerRecord<String, String>> sample = new ArrayList<>();
        Random random = new Random(SEED);
        byType.values().forEach(records -> {
            List<ConsumerRecord<String, String>> shuffled = new ArrayList<>(records);
            Collections.shuffle(shuffled, random);
            sample.addAll(shuffled.subList(0, Math.min(RECORDS_PER_TYPE, shuffled.size())));
        });
        Map<TopicPartition, Long> deadLettersBefore = TheSet.endOffsets(DEAD_LETTERS);

        List<ConsumerRecord<String, String>> deliveries = new ArrayList<>(sample);
        deliveries.addAll(sample);
        Collections.shuffle(deliveries, random);
        Map<TopicPartition, Long> published = new HashMap<>();
        try (KafkaProducer<String, String> producer = TheSet.producer()) {
            for (ConsumerRecord<String, String> record : deliveries) {
                ProducerRecord<String, String> again = new ProducerRecord<>(record.topic(), record.key(),
                        record.value());
                record.headers().forEach(header -> again.headers().add(header));
                RecordMetadata sent = producer.send(again).get();
                published.merge(new TopicPartition(sent.topic(), sent.partition()), sent.offset() + 1, Math::max);
            }
        }
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
                .until(() -> everyGroupHasRead(published));
        DatabaseSnapshot after = DatabaseSnapshot.awaitQuiet(() -> true);

        System.out.printf("Redelivery: %d event types, %d distinct events published twice more (%d deliveries), "
                        + "%d tables compared, changed: %s%n", byType.size(), sample.size(), deliveries.size(),
                before.tables().size(), before.changedTables(after));
        assertEquals(List.of(), before.changedTables(after));
        assertEquals(deadLettersBefore, TheSet.endOffsets(DEAD_LETTERS),
                "a redelivered event was dead-lettered");
    }

    /** The earlier system tests publish every other type; these take a customer of its own. */
    private static void publishTheTypesEarlierTestsDoNot() {
        UUID customerId = TheSet.registerCustomerWithEmail("redelivery");
        String subscription = TheSet.as("customer-service", Tokens.AGENT)
                .body(Map.of("productCode", "HS-DIGI", "startDate", LocalDate.now().toString()))
                .when().post("/customers/{id}/subscriptions", customerId)
                .then().statusCode(201).extract().path("id");
        TheSet.as("customer-service", Tokens.AGENT).body(Map.of())
                .when().patch("/customers/{id}/subscriptions/{sid}", customerId, subscription)
                .then().statusCode(200);
        // consent-service learns of the customer from customer.registered.
        String prohibition = await().atMost(Duration.ofSeconds(60)).until(() -> TheSet.as("consent-service",
                        Tokens.AGENT).body(Map.of("scope", "DIRECT_MARKETING", "source", "CUSTOMER_SERVICE"))
                .when().post("/customers/{id}/prohibitions", customerId)
                .then().extract(), response -> response.statusCode() == 201).path("id");
        TheSet.as("consent-service", Tokens.AGENT).body(Map.of("source", "WEB_FORM"))
                .when().post("/customers/{id}/prohibitions/{p}/lift", customerId, prohibition)
                .then().statusCode(200);
    }

    /**
     * Per partition, the offset just past the last of those records. Not the end offset: a transactional relay ends
     * each batch with a commit marker, and a consumer group commits the offset after the last record it processed,
     * which stays one short of an end offset that follows a marker.
     */
    private static Map<TopicPartition, Long> pastTheLastRecord(
            Map<String, List<ConsumerRecord<String, String>>> byType) {
        return byType.values().stream().flatMap(List::stream).collect(Collectors.toMap(
                record -> new TopicPartition(record.topic(), record.partition()), record -> record.offset() + 1,
                Math::max));
    }

    /** Every committed record on the four topics so far, by CloudEvents type. */
    private static Map<String, List<ConsumerRecord<String, String>>> committedRecordsByType() {
        Map<String, List<ConsumerRecord<String, String>>> byType = new TreeMap<>();
        for (String topic : TOPICS) {
            try (KafkaConsumer<String, String> consumer = TheSet.readFromTheBeginning(topic)) {
                Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment());
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (consumer.assignment().stream().anyMatch(p -> consumer.position(p) < end.get(p))
                        && System.nanoTime() < deadline) {
                    for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                        if (record.headers().lastHeader(CloudEventHeaders.TYPE) != null) {
                            byType.computeIfAbsent(TheSet.header(record, CloudEventHeaders.TYPE),
                                    type -> new ArrayList<>()).add(record);
                        }
                    }
                }
            }
        }
        return byType;
    }

    /** Every service's consumer group has committed past {@code published} on each partition it reads. */
    private static boolean everyGroupHasRead(Map<TopicPartition, Long> published) throws Exception {
        try (Admin admin = TheSet.admin()) {
            for (String group : CONSUMER_GROUPS) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata().get();
                for (Map.Entry<TopicPartition, OffsetAndMetadata> read : committed.entrySet()) {
                    Long end = published.get(read.getKey());
                    if (end != null && read.getValue() != null && read.getValue().offset() < end) {
                        return false;
                    }
                }
            }
        }
        return true;
    }
}
