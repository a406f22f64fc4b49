package fi.imediat.rekisteri.platform.deadletter;

import fi.imediat.rekisteri.events.BrokerAccess;
import fi.imediat.rekisteri.platform.database.DatabaseFailures;
import fi.imediat.rekisteri.platform.inbox.ChannelHandler;
import fi.imediat.rekisteri.platform.inbox.EventBatches;
import fi.imediat.rekisteri.platform.kafka.IncomingChannel;
import fi.imediat.rekisteri.platform.kafka.KafkaConnection;
import fi.imediat.rekisteri.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Applies the records of a dead-letter topic again, here, once the cause that parked them is fixed. Each parked
 * record names where it came from (the connector's {@code dead-letter-topic}, {@code -partition} and {@code -offset}
 * headers); the replay reads that original from the consumed topic and applies it with the channel's own handler
 * ({@link ReplayableConsumer}). Nothing is written to the consumed topic, which only its producing service may write
 * (docs/security.md), and a record that another consumer of the same dead-letter topic made up cannot be applied:
 * only an original on the topic is. A record the handler refuses again is parked again, for the next replay; a record
 * applied before is skipped by the inbox.
 * <p>
 * Each replay continues where the previous one stopped: the dead-letter offsets are committed under this service's
 * own consumer group, {@code <application>-dead-letter-replay}.
 */
@ApplicationScoped
public class DeadLetterReplays {

    private static final Logger LOG = Logger.getLogger(DeadLetterReplays.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    /**
     * What one replay did: {@code replayed} records were applied (or found applied before), {@code parkedAgain}
     * failed again and wait for the next replay, {@code withoutOriginal} named no record of the topic and were
     * dropped.
     */
    public record Replay(String topic, String deadLetterTopic, int replayed, int parkedAgain, int withoutOriginal) {
    }

    private record Target(IncomingChannel channel, String deadLetterTopic, ChannelHandler handler) {
    }

    private final KafkaConnection kafka;
    private final EventBatches batches;
    private final String group;
    private final Map<String, Target> targets = new HashMap<>();

    DeadLetterReplays(Config config, KafkaConnection kafka, EventBatches batches,
            @Any Instance<ReplayableConsumer> consumers,
            @ConfigProperty(name = "quarkus.application.name") String applicationName) {
        this.kafka = kafka;
        this.batches = batches;
        this.group = applicationName + BrokerAccess.DEAD_LETTER_REPLAY_GROUP_SUFFIX;
        Map<String, ChannelHandler> handlers = new HashMap<>();
        consumers.forEach(consumer -> consumer.replayableChannels().forEach(h -> handlers.put(h.channel(), h)));
        for (IncomingChannel channel : IncomingChannel.all(config)) {
            ChannelHandler handler = handlers.get(channel.name());
            channel.deadLetterTopic().filter(dlq -> handler != null).ifPresent(dlq ->
                    targets.put(replayName(dlq), new Target(channel, dlq, handler)));
        }
    }

    /**
     * What a replay is asked for by: the consumed topic, whose dead letters are {@code <topic>.dlq}; for the holders'
     * replies, one topic per holder with dead letters shared, the name their dead-letter topic extends.
     */
    private static String replayName(String deadLetterTopic) {
        return deadLetterTopic.endsWith(".dlq") ? deadLetterTopic.substring(0, deadLetterTopic.length() - 4)
                : deadLetterTopic;
    }

    /** @throws ProblemException 404 when this service consumes no {@code topic} with a dead-letter topic */
    public Replay replay(String topic) {
        Target target = targets.get(topic);
        if (target == null) {
            throw ProblemException.notFound("A topic this service consumes with a dead-letter topic");
        }
        try (KafkaConsumer<String, String> parkedRecords = new KafkaConsumer<>(consumerProperties(group));
             KafkaConsumer<String, String> originals = new KafkaConsumer<>(consumerProperties(null));
             KafkaProducer<String, String> deadLetters = new KafkaProducer<>(producerProperties())) {
            List<PartitionInfo> partitionInfos = parkedRecords.partitionsFor(target.deadLetterTopic(), TIMEOUT);
            if (partitionInfos == null || partitionInfos.isEmpty()) {
                return new Replay(topic, target.deadLetterTopic(), 0, 0, 0);
            }
            List<TopicPartition> partitions = partitionInfos.stream()
                    .map(p -> new TopicPartition(target.deadLetterTopic(), p.partition())).toList();
            parkedRecords.assign(partitions);
            // Only what was parked before the replay began: a record that fails again is parked anew, for the
            // next replay, instead of going round in this one.
            Map<TopicPartition, Long> end = parkedRecords.endOffsets(partitions, TIMEOUT);
            int replayed = 0;
            int parkedAgain = 0;
            int withoutOriginal = 0;
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (partitions.stream().anyMatch(p -> parkedRecords.position(p, TIMEOUT) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Replay of " + target.deadLetterTopic() + " did not finish in "
                            + TIMEOUT);
                }
                for (ConsumerRecord<String, String> parked : parkedRecords.poll(Duration.ofMillis(500))) {
                    TopicPartition partition = new TopicPartition(parked.topic(), parked.partition());
                    if (parked.offset() >= end.get(partition)) {
                        continue;
                    }
                    Optional<ConsumerRecord<String, String>> original = original(originals, target.channel(), parked);
                    if (original.isEmpty()) {
                        withoutOriginal++;
                    } else if (applied(target.handler(), original.get())) {
                        replayed++;
                    } else {
                        deadLetters.send(parkAgain(target.deadLetterTopic(), parked)).get(TIMEOUT.toMillis(),
                                TimeUnit.MILLISECONDS);
                        parkedAgain++;
                    }
                    // Committed record by record: a replay cut off later does not take this one again.
                    parkedRecords.commitSync(Map.of(partition, new OffsetAndMetadata(parked.offset() + 1)), TIMEOUT);
                }
            }
            LOG.infof("Replayed %s: %d applied, %d parked again, %d without an original on %s",
                    target.deadLetterTopic(), replayed, parkedAgain, withoutOriginal, topic);
            return new Replay(topic, target.deadLetterTopic(), replayed, parkedAgain, withoutOriginal);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Replay interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Replay of " + target.deadLetterTopic() + " failed; run it again", e);
        }
    }

    /** @return false when the handler refused it again; a database outage propagates (the replay stops there) */
    private boolean applied(ChannelHandler handler, ConsumerRecord<String, String> original) {
        try {
            batches.applyAgain(handler, List.of(original));
            return true;
        } catch (RuntimeException failure) {
            if (DatabaseFailures.transientFailure(failure)) {
                throw failure;
            }
            LOG.warnf("A replayed record of %s-%d@%d failed again (%s)", original.topic(), original.partition(),
                    original.offset(), failure.getClass().getSimpleName());
            return false;
        }
    }

    /**
     * The record that {@code parked} says it is a copy of, if a topic of the channel has it: a header naming a topic
     * the channel does not consume points nowhere.
     */
    private static Optional<ConsumerRecord<String, String>> original(KafkaConsumer<String, String> originals,
            IncomingChannel channel, ConsumerRecord<String, String> parked) {
        String from = header(parked, "dead-letter-topic");
        String partition = header(parked, "dead-letter-partition");
        String offset = header(parked, "dead-letter-offset");
        if (from == null || !channel.consumes(from) || partition == null || offset == null) {
            return Optional.empty();
        }
        TopicPartition source;
        long position;
        try {
            source = new TopicPartition(from, Integer.parseInt(partition));
            position = Long.parseLong(offset);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        originals.assign(List.of(source));
        originals.seek(source, position);
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            List<ConsumerRecord<String, String>> records = originals.poll(Duration.ofMillis(500)).records(source);
            if (!records.isEmpty()) {
                // The first record at or after the offset: another one when the original is gone (compaction,
                // retention) or the offset held a transaction marker.
                ConsumerRecord<String, String> first = records.get(0);
                return first.offset() == position ? Optional.of(first) : Optional.empty();
            }
            if (originals.position(source, TIMEOUT) >= originals.endOffsets(List.of(source), TIMEOUT).get(source)) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static ProducerRecord<String, String> parkAgain(String deadLetterTopic,
            ConsumerRecord<String, String> parked) {
        ProducerRecord<String, String> again = new ProducerRecord<>(deadLetterTopic, parked.key(), parked.value());
        for (Header header : parked.headers()) {
            again.headers().add(header);
        }
        return again;
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private Properties consumerProperties(String groupId) {
        Properties properties = kafka.clientProperties(group + (groupId == null ? "-originals" : "-consumer"));
        if (groupId != null) {
            properties.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        }
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, groupId == null ? 1 : 100);
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        return properties;
    }

    private Properties producerProperties() {
        Properties properties = kafka.clientProperties(group + "-producer");
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return properties;
    }
}
