package fi.imediat.rekisteri.platform.deadletter;

import fi.imediat.rekisteri.platform.kafka.KafkaConnection;
import fi.imediat.rekisteri.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Copies the records of a dead-letter topic back to the topic they came from, once the cause that parked them is
 * fixed. Each replay continues where the previous one stopped: the offsets are committed, after the copies are on
 * the broker, under the consumer group {@value #GROUP}, shared by every service and replica. A record copied
 * twice (a replay cut off before its commit) is harmless: consumers recognise the event id in their inbox.
 */
@ApplicationScoped
public class DeadLetterReplays {

    /** The consumer group that remembers how far each dead-letter topic has been replayed. */
    public static final String GROUP = "rekisteri-dead-letter-replay";
    /** Where a replayed copy came from: {@code <dead-letter topic>/<partition>/<offset>}. */
    public static final String REPLAYED_FROM = "replayed-from";

    private static final Logger LOG = Logger.getLogger(DeadLetterReplays.class);
    private static final Pattern INCOMING_TOPIC = Pattern.compile("mp\\.messaging\\.incoming\\.([^.]+)\\.topic");
    private static final String DEAD_LETTER_HEADERS = "dead-letter-";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** What one replay did; {@code replayed} counts the records copied back. */
    public record Replay(String topic, String deadLetterTopic, int replayed) {
    }

    private final KafkaConnection kafka;
    private final Map<String, String> deadLetterTopics = new HashMap<>();

    DeadLetterReplays(Config config, KafkaConnection kafka) {
        this.kafka = kafka;
        for (String property : config.getPropertyNames()) {
            Matcher matcher = INCOMING_TOPIC.matcher(property);
            if (matcher.matches()) {
                config.getOptionalValue("mp.messaging.incoming." + matcher.group(1) + ".dead-letter-queue.topic",
                        String.class).ifPresent(dlq -> deadLetterTopics.put(config.getValue(property, String.class),
                        dlq));
            }
        }
    }

    /** @throws ProblemException 404 when this service consumes no {@code topic} with a dead-letter topic */
    public Replay replay(String topic) {
        String deadLetterTopic = deadLetterTopics.get(topic);
        if (deadLetterTopic == null) {
            throw ProblemException.notFound("A topic this service consumes with a dead-letter topic");
        }
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProperties());
             KafkaProducer<String, String> producer = new KafkaProducer<>(producerProperties())) {
            List<PartitionInfo> partitionInfos = consumer.partitionsFor(deadLetterTopic, TIMEOUT);
            if (partitionInfos == null || partitionInfos.isEmpty()) {
                return new Replay(topic, deadLetterTopic, 0);
            }
            List<TopicPartition> partitions = partitionInfos.stream()
                    .map(p -> new TopicPartition(deadLetterTopic, p.partition())).toList();
            consumer.assign(partitions);
            // Only what was parked before the replay began: a record that fails again is parked anew, for the
            // next replay, instead of going round in this one.
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, TIMEOUT);
            List<Future<RecordMetadata>> copies = new ArrayList<>();
            Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p, TIMEOUT) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Replay of " + deadLetterTopic + " did not finish in " + TIMEOUT);
                }
                for (ConsumerRecord<String, String> parked : consumer.poll(Duration.ofMillis(500))) {
                    TopicPartition partition = new TopicPartition(parked.topic(), parked.partition());
                    if (parked.offset() >= end.get(partition)) {
                        continue;
                    }
                    copies.add(producer.send(copy(topic, parked)));
                    done.put(partition, new OffsetAndMetadata(parked.offset() + 1));
                }
            }
            producer.flush();
            for (Future<RecordMetadata> copy : copies) {
                copy.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
            if (!done.isEmpty()) {
                consumer.commitSync(done, TIMEOUT);
            }
            LOG.infof("Replayed %d records of %s to %s", copies.size(), deadLetterTopic, topic);
            return new Replay(topic, deadLetterTopic, copies.size());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Replay interrupted", e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("Replay of " + deadLetterTopic + " failed; run it again", e);
        }
    }

    /** The original record again: key, value and headers, without the consumer's dead-letter notes. */
    private static ProducerRecord<String, String> copy(String topic, ConsumerRecord<String, String> parked) {
        ProducerRecord<String, String> copy = new ProducerRecord<>(topic, parked.key(), parked.value());
        for (Header header : parked.headers()) {
            if (!header.key().startsWith(DEAD_LETTER_HEADERS) && !header.key().equals(REPLAYED_FROM)) {
                copy.headers().add(header);
            }
        }
        copy.headers().add(REPLAYED_FROM, (parked.topic() + "/" + parked.partition() + "/" + parked.offset())
                .getBytes(StandardCharsets.UTF_8));
        return copy;
    }

    private Properties consumerProperties() {
        Properties properties = kafka.clientProperties(GROUP + "-consumer");
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP);
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        return properties;
    }

    private Properties producerProperties() {
        Properties properties = kafka.clientProperties(GROUP + "-producer");
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return properties;
    }
}
