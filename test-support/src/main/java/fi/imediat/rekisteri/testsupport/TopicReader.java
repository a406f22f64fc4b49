package fi.imediat.rekisteri.testsupport;

import fi.imediat.rekisteri.infra.KafkaClients;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Reads one key's records of a topic from the beginning, without a consumer group, until the records read so far
 * satisfy a condition. The topic may not exist yet when reading starts.
 */
final class TopicReader {

    private TopicReader() {
    }

    /**
     * @param convert turns each record of {@code key} into what the caller checks (and may throw AssertionError)
     * @param read    collects what was read; the caller keeps it to say what it saw when the timeout passes
     * @return {@code read}, once {@code until} holds; empty when the timeout passed first
     */
    static <T> Optional<List<T>> read(KafkaClients clients, String topic, String key,
            Function<ConsumerRecord<String, String>, T> convert, Predicate<List<T>> until, Duration timeout,
            List<T> read) {
        // As the operator, who may read every topic: what was published, whoever published it.
        Properties properties = clients.as(KafkaClients.ADMIN);
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        // As the services read: only committed outbox batches.
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties)) {
            List<TopicPartition> partitions = new ArrayList<>();
            while (System.nanoTime() < deadline) {
                if (partitions.isEmpty()) {
                    consumer.listTopics(Duration.ofSeconds(2)).getOrDefault(topic, List.of())
                            .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
                    if (partitions.isEmpty()) {
                        pause();
                        continue;
                    }
                    consumer.assign(partitions);
                    consumer.seekToBeginning(partitions);
                }
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (key.equals(record.key())) {
                        read.add(convert.apply(record));
                    }
                }
                if (until.test(read)) {
                    return Optional.of(read);
                }
            }
        }
        return Optional.empty();
    }

    static String header(ConsumerRecord<String, String> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
