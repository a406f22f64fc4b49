package fi.imediat.rekisteri.benchmark.soak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fi.imediat.rekisteri.benchmark.load.KafkaClients;
import fi.imediat.rekisteri.benchmark.load.Rest;
import fi.imediat.rekisteri.events.CloudEventHeaders;
import fi.imediat.rekisteri.events.EventType;
import fi.imediat.rekisteri.events.Topics;
import fi.imediat.rekisteri.infra.EmbeddedPostgresServer;
import fi.imediat.rekisteri.infra.LocalStack;
import fi.imediat.rekisteri.testsupport.Tokens;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;

/**
 * The soak's books, closed after the load and a drain: what the three outboxes committed against what the topics
 * hold (an event committed and never published is lost), every tracked withdrawal, prohibition and closure
 * acknowledged by every holder (retention-service's {@code GET /propagation/{eventId}}), every erasure request
 * completed, and nothing applied twice: a holder applies an event and publishes its acknowledgement in one
 * transaction, so a second application would be a second acknowledgement (another event id) of the same event by the
 * same holder; an erasure applied twice, a second {@code customer.erased} for the customer.
 */
final class Ledger {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> SERVICES = List.of("customer-service", "consent-service", "retention-service");
    private static final Map<String, String> DATABASES = Map.of("customer-service", "customer",
            "consent-service", "consent", "retention-service", "retention");

    /** The closed books. */
    record Books(int committed, int unpublished, int lost, int publishedTwice, int tracked, int trackedComplete,
            int erasures, int erasuresCompleted, int acknowledgements, int appliedTwice, int erasedTwice,
            long deadLettered) {

        boolean balanced() {
            return lost == 0 && unpublished == 0 && appliedTwice == 0 && erasedTwice == 0
                    && trackedComplete == tracked && erasuresCompleted == erasures && deadLettered == 0;
        }
    }

    private Ledger() {
    }

    static Books close(LocalStack stack, Tokens tokens, MixedLoad load) throws Exception {
        Set<String> committed = new HashSet<>();
        int unpublished = 0;
        for (String service : SERVICES) {
            try (Connection connection = database(stack, DATABASES.get(service))) {
                committed.addAll(strings(connection, "SELECT id::text FROM outbox_event"));
                unpublished += strings(connection, "SELECT id::text FROM outbox_event WHERE published_at IS NULL")
                        .size();
            }
        }
        List<String> topics = new ArrayList<>(List.of(Topics.CUSTOMER, Topics.CONSENT, Topics.PRIVACY_REQUESTS));
        SERVICES.forEach(holder -> topics.add(Topics.privacyReplies(holder)));
        List<ConsumerRecord<String, String>> records = readAll(stack, topics);

        Set<String> published = new HashSet<>();
        int publishedTwice = 0;
        Map<String, Set<String>> acknowledgementsBySubject = new HashMap<>();
        Map<String, Set<String>> erasedEvents = new HashMap<>();
        for (ConsumerRecord<String, String> record : records) {
            String id = header(record, CloudEventHeaders.ID);
            if (!published.add(id)) {
                publishedTwice++;
                continue;
            }
            String type = header(record, CloudEventHeaders.TYPE);
            if (type.equals(EventType.HOLDER_ACKNOWLEDGED.ceType())) {
                JsonNode ack = JSON.readTree(record.value());
                String subject = ack.path("acknowledgedEventId").isTextual()
                        ? ack.get("acknowledgedEventId").asText() : ack.path("requestId").asText();
                acknowledgementsBySubject.computeIfAbsent(ack.path("holder").asText() + " " + subject,
                        k -> new HashSet<>()).add(id);
            } else if (type.equals(EventType.CUSTOMER_ERASED.ceType())) {
                erasedEvents.computeIfAbsent(header(record, CloudEventHeaders.SUBJECT), k -> new HashSet<>()).add(id);
            }
        }
        Set<String> lost = new HashSet<>(committed);
        lost.removeAll(published);

        int trackedComplete = 0;
        Rest rest = new Rest();
        for (UUID event : load.trackedEvents) {
            var answer = rest.send("GET", stack.service("retention-service").baseUrl() + "/propagation/" + event,
                    tokens.user(Tokens.AGENT), null);
            if (answer.statusCode() == 200 && JSON.readTree(answer.body()).path("complete").asBoolean()) {
                trackedComplete++;
            }
        }
        int erasuresCompleted;
        try (Connection connection = database(stack, "retention");
             PreparedStatement query = connection.prepareStatement(
                     "SELECT count(*) FROM erasure_request WHERE id = ANY (?) AND status = 'COMPLETED'")) {
            query.setArray(1, connection.createArrayOf("uuid", load.erasureRequests.toArray()));
            try (ResultSet result = query.executeQuery()) {
                result.next();
                erasuresCompleted = result.getInt(1);
            }
        }
        long deadLettered = readAll(stack, List.of(Topics.deadLetter(Topics.CUSTOMER),
                Topics.deadLetter(Topics.CONSENT), Topics.deadLetter(Topics.PRIVACY_REQUESTS),
                Topics.PRIVACY_REPLIES_DEAD_LETTERS)).size();
        return new Books(committed.size(), unpublished, lost.size(), publishedTwice, load.trackedEvents.size(),
                trackedComplete, load.erasureRequests.size(), erasuresCompleted, acknowledgementsBySubject.size(),
                (int) acknowledgementsBySubject.values().stream().filter(ids -> ids.size() > 1).count(),
                (int) erasedEvents.values().stream().filter(ids -> ids.size() > 1).count(), deadLettered);
    }

    /** Every committed record of {@code topics}, from the beginning to the end as it is now. */
    private static List<ConsumerRecord<String, String>> readAll(LocalStack stack, Collection<String> topics) {
        Properties properties = KafkaClients.operator(stack);
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties)) {
            var existing = consumer.listTopics(Duration.ofSeconds(30));
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                existing.getOrDefault(topic, List.of())
                        .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                consumer.poll(Duration.ofSeconds(1)).forEach(records::add);
            }
        }
        return records;
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static Connection database(LocalStack stack, String name) throws SQLException {
        return DriverManager.getConnection(stack.postgres().jdbcUrl(name), EmbeddedPostgresServer.USER, "");
    }

    private static List<String> strings(Connection connection, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement(sql); ResultSet result = query.executeQuery()) {
            while (result.next()) {
                values.add(result.getString(1));
            }
        }
        return values;
    }
}
