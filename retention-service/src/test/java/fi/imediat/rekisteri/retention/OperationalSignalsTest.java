package fi.imediat.rekisteri.retention;

import fi.imediat.rekisteri.events.BrokerAccess;
import fi.imediat.rekisteri.events.CloudEventHeaders;
import fi.imediat.rekisteri.events.EventType;
import fi.imediat.rekisteri.events.Topics;
import fi.imediat.rekisteri.infra.KafkaClients;
import fi.imediat.rekisteri.platform.observability.KafkaBacklogMetrics;
import fi.imediat.rekisteri.testsupport.DeadLetters;
import fi.imediat.rekisteri.testsupport.EventPublisher;
import fi.imediat.rekisteri.testsupport.PublishedEvents;
import fi.imediat.rekisteri.testsupport.PublishedEvents.Received;
import fi.imediat.rekisteri.testsupport.RekisteriTestInfrastructure;
import fi.imediat.rekisteri.testsupport.TestKafka;
import fi.imediat.rekisteri.testsupport.Tokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What operators rely on besides health: consumer lag, dead-letter counts and traces that cross Kafka. */
@QuarkusTest
@WithTestResource(value = RekisteriTestInfrastructure.class, scope = TestResourceScope.GLOBAL,
        initArgs = {@ResourceArg(name = "database", value = "retention"),
                @ResourceArg(name = "kafka-principal", value = "retention-service")})
class OperationalSignalsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final String REPLIES_DLQ = Topics.PRIVACY_REPLIES_DEAD_LETTERS;

    private final KafkaClients kafka = TestKafka.clients();

    @Inject
    KafkaBacklogMetrics backlog;

    private final Tokens tokens = Tokens.ofService();

    @Test
    void everyIncomingChannelExposesItsLagAndItsDeadLetterCount() {
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        for (String channel : new String[] {"customer-events", "consent-events", "holder-replies",
                "privacy-requests"}) {
            assertTrue(metrics.contains("rekisteri_consumer_lag{channel=\"" + channel + "\""),
                    "no lag gauge for " + channel);
            assertTrue(metrics.contains("rekisteri_dead_letter_records{channel=\"" + channel + "\""),
                    "no dead-letter gauge for " + channel);
        }
    }

    @Test
    void aPoisonRecordRaisesTheDeadLetterCount() throws Exception {
        double before = backlog.records(REPLIES_DLQ);
        String key = UUID.randomUUID().toString();
        try (EventPublisher publisher = new EventPublisher(kafka)) {
            publisher.publishRaw(Topics.privacyReplies(TestKafka.EXTERNAL_HOLDER), key, Map.of(CloudEventHeaders.ID,
                    UUID.randomUUID().toString(), CloudEventHeaders.TYPE, "fi.imediat.rekisteri.nonsense.v1"),
                    "{}", UUID.randomUUID());
        }
        DeadLetters.await(kafka, REPLIES_DLQ, key, 1, TIMEOUT);

        await().atMost(TIMEOUT).untilAsserted(() -> assertTrue(
                gauge("rekisteri_dead_letter_records", "holder-replies") >= before + 1,
                "dead-letter gauge did not count the poison record"));
    }

    @Test
    void lagIsWhatAGroupHasNotCommittedOnTheBroker() throws Exception {
        String topic = "lag-probe-" + UUID.randomUUID();
        try (Admin admin = Admin.create(kafka.as(KafkaClients.ADMIN))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
            // The service sees offsets only of what the broker lets it describe.
            admin.createAcls(List.of(describe(ResourceType.TOPIC, "lag-probe-", PatternType.PREFIXED),
                    describe(ResourceType.GROUP, "lag-probe-", PatternType.PREFIXED))).all().get();
        }
        try (EventPublisher publisher = EventPublisher.as(kafka, KafkaClients.ADMIN)) {
            for (int i = 0; i < 5; i++) {
                publisher.publishRaw(topic, "k", Map.of(), "{}", UUID.randomUUID());
            }
        }
        commit("lag-probe-reader", new TopicPartition(topic, 0), 2);

        assertEquals(3, backlog.lag("lag-probe-reader", List.of(topic)));
        assertEquals(5, backlog.lag("lag-probe-never-read", List.of(topic)),
                "a group without commits lags from the start");
        assertEquals(5, backlog.records(topic));
        assertEquals(0, backlog.records("lag-probe-absent-" + UUID.randomUUID()));
    }

    @Test
    void theTraceOfARestCallContinuesOnTheEventItCauses() {
        String traceId = hex(16);
        UUID customer = UUID.randomUUID();
        given().auth().oauth2(tokens.user(Tokens.OFFICER)).contentType(ContentType.JSON)
                .header("traceparent", "00-" + traceId + "-" + hex(8) + "-00")
                .body(Map.of("customerId", customer, "reason", "DATA_SUBJECT_REQUEST"))
                .when().post("/erasure-requests")
                .then().statusCode(202);

        Received event = PublishedEvents.awaitOne(kafka, EventType.ERASURE_REQUESTED, customer.toString(), TIMEOUT);
        assertNotNull(event.traceparent(), "the relay sent no traceparent header");
        assertTrue(event.traceparent().startsWith("00-" + traceId + "-"),
                "the event left the trace: " + event.traceparent());
        given().when().get("/q/metrics").then().body(containsString("rekisteri_outbox_backlog"));
    }

    private double gauge(String name, String channel) {
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher value = Pattern.compile("(?m)^" + name + "\\{channel=\"" + channel + "\"[^}]*} (\\S+)$")
                .matcher(metrics);
        return value.find() ? Double.parseDouble(value.group(1)) : Double.NaN;
    }

    private void commit(String group, TopicPartition partition, long offset) {
        Properties properties = kafka.as(KafkaClients.ADMIN);
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties)) {
            consumer.assign(List.of(partition));
            consumer.commitSync(Map.of(partition, new OffsetAndMetadata(offset)));
        }
    }

    private static AclBinding describe(ResourceType type, String name, PatternType patternType) {
        return new AclBinding(new ResourcePattern(type, name, patternType), new AccessControlEntry(
                "User:" + BrokerAccess.RETENTION_SERVICE, "*", AclOperation.DESCRIBE, AclPermissionType.ALLOW));
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(random);
        random[0] |= 1; // an all-zero id is invalid
        return HexFormat.of().formatHex(random);
    }
}
