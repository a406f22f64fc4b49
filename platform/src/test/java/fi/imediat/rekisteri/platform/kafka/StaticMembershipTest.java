package fi.imediat.rekisteri.platform.kafka;

import fi.imediat.rekisteri.platform.replica.Replica;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fast tier: each of a channel's concurrent consumers gets a static group membership of its own, valid for Kafka,
 * and the same after a restart of the replica; producers get none. That a restarted replica takes its partitions
 * back at once is shown by ServiceCrashSystemTest.
 */
class StaticMembershipTest {

    /** Kafka's rule for a group instance id (JoinGroupRequest.validateGroupInstanceId). */
    private static final Pattern VALID = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

    @Test
    void everyConcurrentConsumerOfAReplicaGetsItsOwnValidInstanceIdAndKeepsItAcrossRestarts() {
        StaticMembership replica = membership("customer-service-7d9f8c6b5-x2kqp");

        Set<String> ids = Stream.of("privacy-requests$1", "privacy-requests$2", "privacy-requests$3",
                "consent-events$1").map(channel -> instanceId(replica, channel)).collect(Collectors.toSet());

        assertEquals(4, ids.size(), "distinct per consumer: " + ids);
        ids.forEach(id -> assertTrue(VALID.matcher(id).matches(), id));
        assertTrue(ids.contains("customer-service-7d9f8c6b5-x2kqp-privacy-requests-1"), ids.toString());
        assertEquals(instanceId(replica, "privacy-requests$2"),
                instanceId(membership("customer-service-7d9f8c6b5-x2kqp"), "privacy-requests$2"), "after a restart");
        assertFalse(ids.contains(instanceId(membership("customer-service-7d9f8c6b5-q9wzt"), "privacy-requests$1")),
                "another replica's");
    }

    @Test
    void aHostNameWithCharactersKafkaRefusesStillGivesAValidId() {
        assertTrue(VALID.matcher(instanceId(membership("rekisteri host:8081/ä"), "consent-events$1")).matches());
    }

    @Test
    void producersAndAConfiguredInstanceIdAreLeftAlone() {
        StaticMembership replica = membership("replica-1");
        Map<String, Object> producer = Map.of("client.id", "kafka-dead-letter-topic-producer-x");
        Map<String, Object> configured = Map.of("group.id", "customer-service", "group.instance.id", "chosen");

        assertEquals(producer, replica.customize("privacy-requests$1", null, producer));
        assertEquals(configured, replica.customize("privacy-requests$1", null, configured));
    }

    private static StaticMembership membership(String replicaId) {
        return new StaticMembership(new Replica(() -> Optional.of(replicaId), 8081));
    }

    private static String instanceId(StaticMembership membership, String channel) {
        return (String) membership.customize(channel, null, Map.of("group.id", "customer-service"))
                .get("group.instance.id");
    }
}
