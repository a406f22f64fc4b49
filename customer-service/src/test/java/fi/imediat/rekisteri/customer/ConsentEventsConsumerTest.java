package fi.imediat.rekisteri.customer;

import fi.imediat.rekisteri.events.Channel;
import fi.imediat.rekisteri.events.BrokerAccess;
import fi.imediat.rekisteri.events.CloudEventHeaders;
import fi.imediat.rekisteri.events.ConsentGranted;
import fi.imediat.rekisteri.events.ConsentWithdrawn;
import fi.imediat.rekisteri.events.EventJson;
import fi.imediat.rekisteri.events.EventType;
import fi.imediat.rekisteri.events.ProhibitionAdded;
import fi.imediat.rekisteri.events.ProhibitionLifted;
import fi.imediat.rekisteri.events.ProhibitionScope;
import fi.imediat.rekisteri.events.Purpose;
import fi.imediat.rekisteri.events.Topics;
import fi.imediat.rekisteri.infra.KafkaClients;
import fi.imediat.rekisteri.testsupport.DeadLetters;
import fi.imediat.rekisteri.testsupport.EventPublisher;
import fi.imediat.rekisteri.testsupport.PublishedEvents;
import fi.imediat.rekisteri.testsupport.PublishedEvents.Received;
import fi.imediat.rekisteri.testsupport.RekisteriTestInfrastructure;
import fi.imediat.rekisteri.testsupport.TestKafka;
import fi.imediat.rekisteri.testsupport.TestPersonalData;
import fi.imediat.rekisteri.testsupport.Tokens;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@WithTestResource(value = RekisteriTestInfrastructure.class, scope = TestResourceScope.GLOBAL,
        initArgs = {@ResourceArg(name = "database", value = "customer"),
                @ResourceArg(name = "kafka-principal", value = "customer-service")})
class ConsentEventsConsumerTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final KafkaClients kafka = TestKafka.clients();

    @Inject
    AgroalDataSource dataSource;

    private final Tokens tokens = Tokens.ofService();

    @Test
    void withdrawalIsAppliedOnceAndAcknowledgedOnceEvenWhenRedelivered() throws Exception {
        UUID customerId = register();
        UUID eventId = UUID.randomUUID();
        ConsentWithdrawn withdrawn = new ConsentWithdrawn(customerId, Purpose.DIRECT_MARKETING, Channel.EMAIL,
                Instant.now(), "WEB_FORM");
        try (EventPublisher publisher = new EventPublisher(kafka)) {
            publisher.publish(EventType.CONSENT_WITHDRAWN, eventId, customerId, withdrawn);
            publisher.publish(EventType.CONSENT_WITHDRAWN, eventId, customerId, withdrawn);
        }

        await().atMost(TIMEOUT).until(() -> restrictions(customerId) == 1);
        Received ack = PublishedEvents.awaitAcknowledgement(kafka, "customer-service", customerId.toString(),
                TIMEOUT);
        assertEquals(eventId.toString(), ack.body().get("acknowledgedEventId").asText());
        assertEquals("APPLIED", ack.body().get("outcomes").get(0).get("outcome").asText());

        // The second delivery must not produce a second acknowledgement: wait for a later marker event.
        UUID marker = UUID.randomUUID();
        try (EventPublisher publisher = new EventPublisher(kafka)) {
            publisher.publish(EventType.CONSENT_WITHDRAWN, marker, customerId, new ConsentWithdrawn(customerId,
                    Purpose.RESEARCH, Channel.SMS, Instant.now(), "WEB_FORM"));
        }
        List<Received> acks = PublishedEvents.await(kafka, Topics.privacyReplies("customer-service"), customerId.toString(),
                list -> list.stream().anyMatch(e -> marker.toString().equals(
                        e.body().get("acknowledgedEventId").asText())), TIMEOUT);
        assertEquals(1, acks.stream()
                .filter(e -> eventId.toString().equals(e.body().get("acknowledgedEventId").asText())).count());
        assertEquals(2, restrictions(customerId));
    }

    @Test
    void poisonMessagesGoToTheDeadLetterTopicAndDoNotBlockThePartition() throws Exception {
        UUID customerId = register();
        String key = customerId.toString();
        try (EventPublisher publisher = new EventPublisher(kafka)) {
            publisher.publishRaw(Topics.CONSENT, key, Map.of(CloudEventHeaders.ID, UUID.randomUUID().toString(),
                    CloudEventHeaders.TYPE, EventType.CONSENT_WITHDRAWN.ceType()), "{not json", null);
            publisher.publishRaw(Topics.CONSENT, key, Map.of(CloudEventHeaders.ID, UUID.randomUUID().toString(),
                    CloudEventHeaders.TYPE, "fi.imediat.rekisteri.consent.exploded.v1"), "{}", null);
            publisher.publish(EventType.CONSENT_WITHDRAWN, customerId, new ConsentWithdrawn(customerId,
                    Purpose.DISTANCE_SELLING, Channel.PHONE, Instant.now(), "CUSTOMER_SERVICE"));
        }
        await().atMost(TIMEOUT).until(() -> restrictions(customerId) == 1);
        DeadLetters.await(kafka, Topics.deadLetter(Topics.CONSENT), key, 2, TIMEOUT);
    }

    @Test
    void aPoisonRecordAmongGoodOnesParksOnlyItselfAndEveryGoodOneIsAppliedOnce() throws Exception {
        UUID customerId = register();
        String key = customerId.toString();
        List<UUID> good = new ArrayList<>();
        // Readable at once (one Kafka transaction), so the consumer polls them as one batch: the batch's transaction
        // fails on the poison record, and each record is then applied on its own.
        try (EventPublisher publisher = EventPublisher.inOneTransaction(kafka, BrokerAccess.CONSENT_SERVICE)) {
            for (Purpose purpose : List.of(Purpose.DIRECT_MARKETING, Purpose.PARTNER_TARGETING, Purpose.RESEARCH)) {
                for (Channel channel : List.of(Channel.EMAIL, Channel.SMS)) {
                    if (good.size() == 3) {
                        publisher.publishRaw(Topics.CONSENT, key, Map.of(CloudEventHeaders.ID,
                                UUID.randomUUID().toString(), CloudEventHeaders.TYPE,
                                EventType.CONSENT_WITHDRAWN.ceType()), "{not json", null);
                    }
                    UUID eventId = UUID.randomUUID();
                    good.add(eventId);
                    publisher.publish(EventType.CONSENT_WITHDRAWN, eventId, customerId, new ConsentWithdrawn(
                            customerId, purpose, channel, Instant.now(), "WEB_FORM"));
                }
            }
        }

        await().atMost(TIMEOUT).until(() -> restrictions(customerId) == good.size());
        List<Received> acks = PublishedEvents.await(kafka, Topics.privacyReplies("customer-service"), key,
                list -> list.size() >= good.size(), TIMEOUT);
        assertEquals(good.stream().map(UUID::toString).sorted().toList(),
                acks.stream().map(ack -> ack.body().get("acknowledgedEventId").asText()).sorted().toList());
        assertEquals(List.of("{not json"), DeadLetters.await(kafka, Topics.deadLetter(Topics.CONSENT), key, 1,
                TIMEOUT).stream().map(DeadLetters.DeadLetter::value).toList());
    }

    @Test
    void aPollOfManyCustomersIsAppliedAsSetsWhileEachCustomersEventsKeepTheirOrder() throws Exception {
        List<UUID> customers = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            customers.add(register());
        }
        UUID withdrawnRegrantedWithdrawn = customers.get(0);
        UUID withdrawnRegranted = customers.get(1);
        UUID unknown = UUID.randomUUID();
        List<UUID> withdrawals = new ArrayList<>();
        // One Kafka transaction, so each partition's consumer polls its records as one batch. Applied by type
        // instead of in order, the first customer's restriction would be lifted and the second's kept.
        try (EventPublisher publisher = EventPublisher.inOneTransaction(kafka, BrokerAccess.CONSENT_SERVICE)) {
            for (UUID customerId : customers) {
                withdrawals.add(withdrawEmail(publisher, customerId));
            }
            withdrawals.add(withdrawEmail(publisher, unknown));
            for (UUID customerId : List.of(withdrawnRegrantedWithdrawn, withdrawnRegranted)) {
                publisher.publish(EventType.CONSENT_GRANTED, customerId, new ConsentGranted(customerId,
                        Purpose.DIRECT_MARKETING, Channel.EMAIL, Instant.now(), "v1", "WEB_FORM"));
            }
            withdrawals.add(withdrawEmail(publisher, withdrawnRegrantedWithdrawn));
        }

        List<Integer> expected = new ArrayList<>(List.of(1, 0));
        expected.addAll(Collections.nCopies(customers.size() - 2, 1));
        await().atMost(TIMEOUT).until(() -> {
            List<Integer> found = new ArrayList<>();
            for (UUID customerId : customers) {
                found.add(restrictions(customerId));
            }
            return found.equals(expected);
        });
        Map<String, String> outcomes = new HashMap<>();
        for (UUID customerId : customers) {
            PublishedEvents.await(kafka, Topics.privacyReplies("customer-service"), customerId.toString(),
                    list -> list.size() >= (customerId.equals(withdrawnRegrantedWithdrawn) ? 2 : 1), TIMEOUT)
                    .forEach(ack -> outcomes.merge(ack.body().get("acknowledgedEventId").asText(),
                            ack.body().get("outcomes").get(0).get("outcome").asText(), (a, b) -> a + "," + b));
        }
        PublishedEvents.await(kafka, Topics.privacyReplies("customer-service"), unknown.toString(),
                list -> !list.isEmpty(), TIMEOUT).forEach(ack -> outcomes.merge(
                        ack.body().get("acknowledgedEventId").asText(),
                        ack.body().get("outcomes").get(0).get("outcome").asText(), (a, b) -> a + "," + b));
        // Every withdrawal acknowledged once: APPLIED where the customer is held, NOT_HELD for the unknown one.
        assertEquals(withdrawals.size(), outcomes.size());
        for (UUID eventId : withdrawals) {
            boolean ofUnknown = eventId.equals(withdrawals.get(customers.size()));
            assertEquals(ofUnknown ? "NOT_HELD" : "APPLIED", outcomes.get(eventId.toString()), eventId.toString());
        }
    }

    @Test
    void aPartitionWaitingOnTheDatabaseDoesNotHoldTheOthers() throws Exception {
        UUID waiting = register();
        UUID other = register();
        while (partition(other) == partition(waiting)) {
            other = register();
        }
        try (Connection blocker = dataSource.getConnection()) {
            blocker.setAutoCommit(false);
            // An uncommitted row with the key that the withdrawal inserts: its consumer waits for this transaction.
            try (PreparedStatement insert = blocker.prepareStatement("""
                    INSERT INTO marketing_restriction (customer_id, purpose, channel, since, origin)
                    VALUES (?, 'DIRECT_MARKETING', 'EMAIL', now(), 'consent')""")) {
                insert.setObject(1, waiting);
                insert.executeUpdate();
            }
            try (EventPublisher publisher = new EventPublisher(kafka)) {
                withdrawEmail(publisher, waiting);
            }
            await().atMost(TIMEOUT).until(this::aRestrictionWaitsForALock);

            try (EventPublisher publisher = new EventPublisher(kafka)) {
                withdrawEmail(publisher, other);
            }
            UUID applied = other;
            await().atMost(TIMEOUT).until(() -> restrictions(applied) == 1);
            assertTrue(aRestrictionWaitsForALock(), "the first partition's batch stopped waiting");
            blocker.rollback();
        }
        await().atMost(TIMEOUT).until(() -> restrictions(waiting) == 1);
    }

    /** The partition a customer's events are on: the producer's default partitioner over the topic's partitions. */
    private int partition(UUID customerId) {
        try (Consumer<String, String> consumer = new KafkaConsumer<>(kafka.as(KafkaClients.ADMIN),
                new StringDeserializer(), new StringDeserializer())) {
            int partitions = consumer.partitionsFor(Topics.CONSENT).size();
            return Utils.toPositive(Utils.murmur2(customerId.toString().getBytes(StandardCharsets.UTF_8)))
                    % partitions;
        }
    }

    private boolean aRestrictionWaitsForALock() throws Exception {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement("""
                     SELECT count(*) FROM pg_stat_activity
                     WHERE wait_event_type = 'Lock' AND query LIKE '%INSERT INTO marketing_restriction%'""");
             ResultSet result = query.executeQuery()) {
            result.next();
            return result.getInt(1) > 0;
        }
    }

    private static UUID withdrawEmail(EventPublisher publisher, UUID customerId) {
        UUID eventId = UUID.randomUUID();
        publisher.publish(EventType.CONSENT_WITHDRAWN, eventId, customerId, new ConsentWithdrawn(customerId,
                Purpose.DIRECT_MARKETING, Channel.EMAIL, Instant.now(), "WEB_FORM"));
        return eventId;
    }

    @Test
    void anEventOfASchemaVersionThisConsumerDoesNotReadIsParkedNamingTheVersion() throws Exception {
        UUID customerId = register();
        String key = customerId.toString();
        double before = deadLetterGauge();
        String v2 = EventType.CONSENT_WITHDRAWN.ceType().replaceFirst("\\.v1$", ".v2");
        try (EventPublisher publisher = new EventPublisher(kafka)) {
            publisher.publishRaw(Topics.CONSENT, key, Map.of(CloudEventHeaders.ID, UUID.randomUUID().toString(),
                            CloudEventHeaders.TYPE, v2, CloudEventHeaders.SPEC_VERSION, "1.0"),
                    EventJson.mapper().writeValueAsString(new ConsentWithdrawn(customerId, Purpose.RESEARCH,
                            Channel.SMS, Instant.now(), "WEB_FORM")), null);
            publisher.publishRaw(Topics.CONSENT, key, Map.of(CloudEventHeaders.ID, UUID.randomUUID().toString(),
                            CloudEventHeaders.TYPE, EventType.CONSENT_WITHDRAWN.ceType(),
                            CloudEventHeaders.SPEC_VERSION, "2.0"),
                    EventJson.mapper().writeValueAsString(new ConsentWithdrawn(customerId, Purpose.RESEARCH,
                            Channel.EMAIL, Instant.now(), "WEB_FORM")), null);
            publisher.publish(EventType.CONSENT_WITHDRAWN, customerId, new ConsentWithdrawn(customerId,
                    Purpose.DISTANCE_SELLING, Channel.PHONE, Instant.now(), "CUSTOMER_SERVICE"));
        }
        // The partition keeps flowing: the v1 event behind the parked ones is applied, they are not.
        await().atMost(TIMEOUT).until(() -> restrictions(customerId) == 1);
        List<DeadLetters.DeadLetter> parked = DeadLetters.await(kafka, Topics.deadLetter(Topics.CONSENT), key, 2,
                TIMEOUT);
        assertEquals(List.of("unsupported schema version v2 of consent.withdrawn (this consumer reads v1)",
                        "unsupported CloudEvents specversion 2.0"),
                parked.stream().map(DeadLetters.DeadLetter::reason).toList());
        await().atMost(TIMEOUT).untilAsserted(() -> assertTrue(deadLetterGauge() >= before + 2,
                "rekisteri_dead_letter_records did not count the parked record"));
    }

    @Test
    void aProhibitionRestrictsEveryCoveredPurposeAndChannelUntilLifted() throws Exception {
        UUID customerId = register();
        UUID prohibitionId = UUID.randomUUID();
        UUID added = UUID.randomUUID();
        try (EventPublisher publisher = new EventPublisher(kafka)) {
            publisher.publish(EventType.PROHIBITION_ADDED, added, customerId, new ProhibitionAdded(customerId,
                    prohibitionId, ProhibitionScope.ALL_MARKETING, List.of(), Instant.now()));
            publisher.publish(EventType.CONSENT_WITHDRAWN, customerId, new ConsentWithdrawn(customerId,
                    Purpose.DIRECT_MARKETING, Channel.EMAIL, Instant.now(), "WEB_FORM"));
        }
        // Three purposes (direct marketing, partner targeting, distance selling) on all five channels, plus the
        // withdrawal's own row.
        await().atMost(TIMEOUT).until(() -> restrictions(customerId) == 16);
        List<Received> acks = PublishedEvents.await(kafka, Topics.privacyReplies("customer-service"), customerId.toString(),
                list -> list.size() >= 2, TIMEOUT);
        assertEquals(added.toString(), acks.get(0).body().get("acknowledgedEventId").asText());

        try (EventPublisher publisher = new EventPublisher(kafka)) {
            publisher.publish(EventType.PROHIBITION_LIFTED, customerId, new ProhibitionLifted(customerId,
                    prohibitionId, ProhibitionScope.ALL_MARKETING, Instant.now()));
        }
        // Lifting the prohibition leaves the withdrawn consent's restriction in place.
        await().atMost(TIMEOUT).until(() -> restrictions(customerId) == 1);
    }

    private static double deadLetterGauge() {
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher value = Pattern.compile(
                "(?m)^rekisteri_dead_letter_records\\{channel=\"consent-events\"[^}]*} (\\S+)$").matcher(metrics);
        return value.find() ? Double.parseDouble(value.group(1)) : 0;
    }

    private UUID register() {
        String id = given().auth().oauth2(tokens.user(Tokens.AGENT)).contentType(ContentType.JSON)
                .body(Map.of("firstName", TestPersonalData.FIRST_NAME, "lastName", TestPersonalData.LAST_NAME))
                .when().post("/customers").then().statusCode(201).extract().path("id");
        return UUID.fromString(id);
    }

    private int restrictions(UUID customerId) throws Exception {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement(
                     "SELECT count(*) FROM marketing_restriction WHERE customer_id = ?")) {
            query.setObject(1, customerId);
            try (ResultSet result = query.executeQuery()) {
                result.next();
                return result.getInt(1);
            }
        }
    }
}
