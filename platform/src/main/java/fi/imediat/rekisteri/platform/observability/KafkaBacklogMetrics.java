package fi.imediat.rekisteri.platform.observability;

import fi.imediat.rekisteri.platform.kafka.IncomingChannel;
import fi.imediat.rekisteri.platform.kafka.KafkaConnection;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Consumer lag and dead-letter counts as the broker sees them, for every incoming Kafka channel of the service.
 * <p>
 * Read from the broker (committed offsets against end offsets) rather than from the consumer clients, so the lag
 * keeps growing when a consumer is stuck or dead, and the dead-letter count covers every replica and survives
 * restarts. Refreshed on a schedule; a refresh that fails (broker down) keeps the last values.
 */
@ApplicationScoped
public class KafkaBacklogMetrics {

    private static final Logger LOG = Logger.getLogger(KafkaBacklogMetrics.class);
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(5);

    private final KafkaConnection kafka;
    private final List<IncomingChannel> channels;
    private final Map<IncomingChannel, AtomicLong> lag;
    private final Map<IncomingChannel, AtomicLong> deadLetters;
    private Admin admin;

    KafkaBacklogMetrics(Config config, KafkaConnection kafka) {
        this.kafka = kafka;
        this.channels = IncomingChannel.all(config);
        this.lag = channels.stream().collect(Collectors.toMap(Function.identity(), c -> new AtomicLong()));
        this.deadLetters = channels.stream().filter(c -> c.deadLetterTopic().isPresent())
                .collect(Collectors.toMap(Function.identity(), c -> new AtomicLong()));
    }

    void start(@Observes StartupEvent startup, MeterRegistry registry) {
        if (channels.isEmpty()) {
            return;
        }
        Properties properties = kafka.clientProperties("backlog-metrics");
        properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) ADMIN_TIMEOUT.toMillis());
        properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) ADMIN_TIMEOUT.toMillis());
        admin = Admin.create(properties);
        lag.forEach((channel, value) -> Gauge.builder("rekisteri.consumer.lag", value, AtomicLong::get)
                .description("Records on the channel's topic that its consumer group has not yet committed")
                .tag("channel", channel.name()).tag("topic", channel.topic())
                .register(registry));
        deadLetters.forEach((channel, value) -> Gauge.builder("rekisteri.dead.letter.records", value, AtomicLong::get)
                .description("Records in the channel's dead-letter topic (poison events waiting for a replay)")
                .tag("channel", channel.name()).tag("topic", channel.deadLetterTopic().orElseThrow())
                .register(registry));
    }

    void stop(@Observes ShutdownEvent shutdown) {
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
        }
    }

    @Scheduled(every = "${rekisteri.kafka-metrics.refresh}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refresh() {
        if (admin == null) {
            return;
        }
        try {
            for (IncomingChannel channel : channels) {
                lag.get(channel).set(lag(channel));
            }
            for (var entry : deadLetters.entrySet()) {
                entry.getValue().set(records(entry.getKey().deadLetterTopic().orElseThrow()));
            }
        } catch (Exception e) {
            LOG.debugf("Kafka backlog metrics not refreshed: %s", e.toString());
        }
    }

    /** The lag of the channel's group on every topic it consumes (each that a pattern channel's pattern matches). */
    private long lag(IncomingChannel channel) throws Exception {
        return lag(channel.groupId(), channel.pattern() ? matching(channel) : List.of(channel.topic()));
    }

    /** Records of {@code topics} that {@code groupId} has not committed; from the beginning where it never did. */
    public long lag(String groupId, List<String> topics) throws Exception {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            partitions.addAll(partitions(topic));
        }
        if (partitions.isEmpty()) {
            return 0;
        }
        Map<TopicPartition, OffsetAndMetadata> committed = get(admin.listConsumerGroupOffsets(groupId)
                .partitionsToOffsetAndMetadata());
        Map<TopicPartition, Long> end = offsets(partitions, OffsetSpec.latest());
        Map<TopicPartition, Long> earliest = offsets(partitions, OffsetSpec.earliest());
        long total = 0;
        for (TopicPartition partition : partitions) {
            OffsetAndMetadata commit = committed.get(partition);
            long position = commit == null ? earliest.get(partition) : commit.offset();
            total += Math.max(0, end.get(partition) - position);
        }
        return total;
    }

    /** Records currently retained in {@code topic}; 0 when it does not exist yet. */
    public long records(String topic) throws Exception {
        List<TopicPartition> partitions = partitions(topic);
        Map<TopicPartition, Long> end = offsets(partitions, OffsetSpec.latest());
        Map<TopicPartition, Long> earliest = offsets(partitions, OffsetSpec.earliest());
        return partitions.stream().mapToLong(p -> end.get(p) - earliest.get(p)).sum();
    }

    private List<String> matching(IncomingChannel channel) throws Exception {
        return get(admin.listTopics().names()).stream().filter(channel::consumes).sorted().toList();
    }

    private List<TopicPartition> partitions(String topic) throws Exception {
        try {
            return get(admin.describeTopics(List.of(topic)).allTopicNames()).get(topic).partitions().stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return List.of();
            }
            throw e;
        }
    }

    private Map<TopicPartition, Long> offsets(List<TopicPartition> partitions, OffsetSpec spec) throws Exception {
        if (partitions.isEmpty()) {
            return Map.of();
        }
        return get(admin.listOffsets(partitions.stream().collect(Collectors.toMap(Function.identity(), p -> spec)))
                .all()).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    private static <T> T get(org.apache.kafka.common.KafkaFuture<T> future)
            throws ExecutionException, InterruptedException, TimeoutException {
        return future.get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }
}
