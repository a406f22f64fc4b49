package fi.imediat.rekisteri.testsupport;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/** Reads a dead-letter topic: what a consumer parked, and the reason it gave. */
public final class DeadLetters {

    /** A parked record and the {@code dead-letter-reason} header the consumer wrote. */
    public record DeadLetter(String key, String value, String reason) {
    }

    private DeadLetters() {
    }

    /** Waits until at least {@code count} records of {@code key} are on {@code dlqTopic}, each with a reason. */
    public static List<DeadLetter> await(String bootstrapServers, String dlqTopic, String key, int count,
            Duration timeout) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        long deadline = System.nanoTime() + timeout.toNanos();
        List<DeadLetter> found = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties)) {
            List<TopicPartition> partitions = new ArrayList<>();
            while (System.nanoTime() < deadline) {
                if (partitions.isEmpty()) {
                    consumer.listTopics(Duration.ofSeconds(2)).getOrDefault(dlqTopic, List.of())
                            .forEach(p -> partitions.add(new TopicPartition(dlqTopic, p.partition())));
                    if (partitions.isEmpty()) {
                        sleep();
                        continue;
                    }
                    consumer.assign(partitions);
                    consumer.seekToBeginning(partitions);
                }
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (key.equals(record.key())) {
                        Header reason = record.headers().lastHeader("dead-letter-reason");
                        if (reason == null) {
                            throw new AssertionError("Dead letter without a reason on " + dlqTopic);
                        }
                        found.add(new DeadLetter(record.key(), record.value(),
                                new String(reason.value(), StandardCharsets.UTF_8)));
                    }
                }
                if (found.size() >= count) {
                    return found;
                }
            }
        }
        throw new AssertionError("Expected " + count + " dead letters of " + key + " on " + dlqTopic + ", found "
                + found.size());
    }

    private static void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
