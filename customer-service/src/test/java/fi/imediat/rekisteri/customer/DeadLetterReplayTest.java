package fi.imediat.rekisteri.customer;

import fi.imediat.rekisteri.events.BrokerAccess;
import fi.imediat.rekisteri.events.Channel;
import fi.imediat.rekisteri.events.CloudEventHeaders;
import fi.imediat.rekisteri.events.ConsentWithdrawn;
import fi.imediat.rekisteri.events.EventJson;
import fi.imediat.rekisteri.events.EventType;
import fi.imediat.rekisteri.events.Purpose;
import fi.imediat.rekisteri.events.Topics;
import fi.imediat.rekisteri.infra.KafkaClients;
import fi.imediat.rekisteri.testsupport.DeadLetters;
import fi.imediat.rekisteri.testsupport.EventPublisher;
import fi.imediat.rekisteri.testsupport.PublishedEvents;
import fi.imediat.rekisteri.testsupport.PublishedEvents.Received;
import fi.imediat.rekisteri.testsupport.RekisteriTestInfrastructure;
import fi.imediat.rekisteri.testsupport.SchemaOwner;
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
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue "Reliability", the DLQ replay command: a record parked because of a cause that is fixed later (here the
 * database refused the effect) is applied after {@code POST /dead-letters/{topic}/replays}; a second replay takes
 * nothing again, and nothing is applied twice. The replay applies the original from the consumed topic, so a record
 * that another consumer made up on the dead-letter topic is never applied.
 */
@QuarkusTest
@WithTestResource(value = RekisteriTestInfrastructure.class, scope = TestResourceScope.GLOBAL,
        initArgs = {@ResourceArg(name = "database", value = "customer"),
                @ResourceArg(name = "kafka-principal", value = "customer-service")})
class DeadLetterReplayTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final KafkaClients kafka = TestKafka.clients();

    @Inject
    AgroalDataSource dataSource;

    private final Tokens tokens = Tokens.ofService();

    @Test
    void aRecordParkedForACauseFixedLaterIsAppliedOnceAfterTheReplay() throws Exception {
        UUID customerId = register();
        String key = customerId.toString();
        UUID eventId = UUID.randomUUID();
        // The cause: the database refuses this customer's restrictions, as a broken migration or a full disk might.
        execute("CREATE FUNCTION refuse_restriction() RETURNS trigger LANGUAGE plpgsql AS "
                + "$$ BEGIN RAISE EXCEPTION 'restrictions refused for the replay test'; END; $$");
        execute("CREATE TRIGGER refuse_restriction BEFORE INSERT ON marketing_restriction FOR EACH ROW "
                + "WHEN (NEW.customer_id = '" + customerId + "') EXECUTE FUNCTION refuse_restriction()");
        try {
            try (EventPublisher publisher = new EventPublisher(kafka)) {
                publisher.publish(EventType.CONSENT_WITHDRAWN, eventId, customerId, new ConsentWithdrawn(customerId,
                        Purpose.DIRECT_MARKETING, Channel.EMAIL, Instant.now(), "WEB_FORM"));
            }
            DeadLetters.await(kafka, Topics.deadLetter(Topics.CONSENT), key, 1, TIMEOUT);
            assertEquals(0, restrictions(customerId));
        } finally {
            // The cause is fixed.
            execute("DROP TRIGGER refuse_restriction ON marketing_restriction");
            execute("DROP FUNCTION refuse_restriction()");
        }

        replay().body("topic", equalTo(Topics.CONSENT))
                .body("deadLetterTopic", equalTo(Topics.deadLetter(Topics.CONSENT)));
        await().atMost(TIMEOUT).until(() -> restrictions(customerId) == 1);
        PublishedEvents.awaitAcknowledgement(kafka, "customer-service", key, TIMEOUT);

        // A second replay starts where the first stopped: the record is not copied again.
        replay().statusCode(200);
        UUID marker = UUID.randomUUID();
        try (EventPublisher publisher = new EventPublisher(kafka)) {
            publisher.publish(EventType.CONSENT_WITHDRAWN, marker, customerId, new ConsentWithdrawn(customerId,
                    Purpose.RESEARCH, Channel.SMS, Instant.now(), "WEB_FORM"));
        }
        List<Received> acks = PublishedEvents.await(kafka, Topics.privacyReplies("customer-service"), key,
                list -> list.stream().anyMatch(e -> marker.toString().equals(
                        e.body().get("acknowledgedEventId").asText())), TIMEOUT);
        assertEquals(1, acks.stream()
                .filter(e -> eventId.toString().equals(e.body().get("acknowledgedEventId").asText())).count(),
                "the replayed withdrawal was acknowledged once");
        List<Received> onTheTopic = PublishedEvents.await(kafka, Topics.CONSENT, key,
                list -> list.stream().anyMatch(e -> marker.toString().equals(e.id())), TIMEOUT);
        assertEquals(1, onTheTopic.stream().filter(e -> eventId.toString().equals(e.id())).count(),
                "the replay applied the original where it was; it wrote nothing to consent-service's topic");
        assertEquals(2, restrictions(customerId));
    }

    /**
     * retention-service consumes consent events too, so it may write their dead-letter topic; what it writes there
     * is not a consent event. A replay applies only originals that consent-service published.
     */
    @Test
    void aRecordMadeUpOnTheDeadLetterTopicIsNotApplied() throws Exception {
        UUID customerId = register();
        ConsentWithdrawn forged = new ConsentWithdrawn(customerId, Purpose.DIRECT_MARKETING, Channel.EMAIL,
                Instant.now(), "WEB_FORM");
        String body = EventJson.mapper().writeValueAsString(forged);
        Map<String, String> event = Map.of(CloudEventHeaders.ID, UUID.randomUUID().toString(),
                CloudEventHeaders.TYPE, EventType.CONSENT_WITHDRAWN.ceType(),
                CloudEventHeaders.SOURCE, "/rekisteri/consent-service",
                CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_VALUE);
        Map<String, String> pointingNowhere = new java.util.HashMap<>(event);
        pointingNowhere.putAll(Map.of("dead-letter-topic", Topics.CONSENT, "dead-letter-partition", "0",
                "dead-letter-offset", String.valueOf(Long.MAX_VALUE / 2)));
        try (EventPublisher retentionService = EventPublisher.as(kafka, BrokerAccess.RETENTION_SERVICE)) {
            retentionService.publishRaw(Topics.deadLetter(Topics.CONSENT), customerId.toString(), event, body, null);
            retentionService.publishRaw(Topics.deadLetter(Topics.CONSENT), customerId.toString(), pointingNowhere,
                    body, null);
        }

        int withoutOriginal = replay().extract().path("withoutOriginal");

        assertTrue(withoutOriginal >= 2, "both made-up records were recognised: " + withoutOriginal);
        assertEquals(0, restrictions(customerId), "a made-up withdrawal was applied");
    }

    @Test
    void onlyTheTopicsThisServiceConsumesCanBeReplayed() {
        given().auth().oauth2(tokens.user(Tokens.OFFICER))
                .when().post("/dead-letters/{topic}/replays", "rekisteri.unknown.v1")
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(tokens.user(Tokens.AGENT))
                .when().post("/dead-letters/{topic}/replays", Topics.CONSENT)
                .then().statusCode(403);
    }

    private io.restassured.response.ValidatableResponse replay() {
        return given().auth().oauth2(tokens.user(Tokens.OFFICER))
                .when().post("/dead-letters/{topic}/replays", Topics.CONSENT)
                .then().statusCode(200).contentType(ContentType.JSON);
    }

    /** As the schema's owner: the service's own role may not create triggers. */
    private void execute(String sql) throws Exception {
        try (Connection connection = SchemaOwner.connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
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
