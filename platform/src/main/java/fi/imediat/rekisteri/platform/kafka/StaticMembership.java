package fi.imediat.rekisteri.platform.kafka;

import fi.imediat.rekisteri.platform.replica.Replica;
import io.smallrye.reactive.messaging.ClientCustomizer;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.eclipse.microprofile.config.Config;

import java.util.HashMap;
import java.util.Map;

/**
 * Gives every consumer of the service's channels a static membership of the consumer group: a
 * {@code group.instance.id} made of the replica's id and the consumer's channel. SmallRye names each of a channel's
 * concurrent consumers {@code <channel>$<n>} and passes a configured {@code group.instance.id} to all of them
 * unchanged, which would make them fence one another, hence one per consumer here.
 * <p>
 * What static membership changes: a consumer that closes does not leave the group, so a stopping replica does not
 * make every other consumer of the group rebalance, one closing consumer after the other; a replica that starts again
 * (after a crash or a stop) takes its partitions back at once, without a rebalance and without waiting for the dead
 * process's session to expire. Partitions of a replica that is gone for good move to the others once its session
 * expires ({@code session.timeout.ms}, platform's configuration).
 */
@ApplicationScoped
class StaticMembership implements ClientCustomizer<Map<String, Object>> {

    private final Replica replica;

    StaticMembership(Replica replica) {
        this.replica = replica;
    }

    @Override
    public Map<String, Object> customize(String channel, Config channelConfig, Map<String, Object> config) {
        // Producers (the dead-letter topics') have no group.
        if (!config.containsKey(ConsumerConfig.GROUP_ID_CONFIG)
                || config.containsKey(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG)) {
            return config;
        }
        Map<String, Object> customized = new HashMap<>(config);
        customized.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, instanceId(replica.id(), channel));
        return customized;
    }

    static String instanceId(String replicaId, String channel) {
        return Replica.kafkaName(replicaId + "-" + channel);
    }
}
