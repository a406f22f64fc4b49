package fi.imediat.rekisteri.benchmark.load;

import fi.imediat.rekisteri.infra.LocalStack;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;

/**
 * The benchmark's Kafka clients, configured like the services' (acks=all, read_committed). They connect as the
 * broker's operator ({@link #operator}): the benchmark makes its own topics and reads every topic of the set.
 */
public final class KafkaClients {

    private KafkaClients() {
    }

    /** How to connect to the stack's broker as its super user (TLS, SCRAM). */
    public static Properties operator(LocalStack stack) {
        return stack.kafka().clients().as(fi.imediat.rekisteri.infra.KafkaClients.ADMIN);
    }

    /** Creates {@code topic} (replication 1: the stack has one broker) unless it exists. */
    public static void createTopic(Properties connection, String topic, int partitions) throws InterruptedException {
        try (Admin admin = Admin.create(connection)) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("Could not create " + topic, e.getCause());
            }
        }
    }

    /**
     * Waits until each of {@code groups} has a member assigned a partition of {@code topic}: a consumer that follows
     * topics by pattern subscribes to a new one only at its next metadata refresh.
     */
    public static void awaitConsumed(Properties connection, String topic, List<String> groups, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(connection)) {
            while (true) {
                Map<String, ConsumerGroupDescription> described = admin.describeConsumerGroups(groups).all().get();
                boolean all = groups.stream().allMatch(group -> described.get(group).members().stream()
                        .anyMatch(member -> member.assignment().topicPartitions().stream()
                                .anyMatch(partition -> partition.topic().equals(topic))));
                if (all) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(groups + " do not consume " + topic + " after " + timeout);
                }
                Thread.sleep(500);
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("Could not describe " + groups, e.getCause());
        }
    }

    public static KafkaProducer<String, String> producer(Properties connection) {
        Properties properties = new Properties();
        properties.putAll(connection);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return new KafkaProducer<>(properties);
    }

    /**
     * A consumer of every partition of {@code topics} from their current ends (what is published from now on),
     * reading committed records only, as the services do. No consumer group: nothing to rebalance or commit.
     */
    public static KafkaConsumer<String, String> fromNow(Properties connection, List<String> topics) {
        Properties properties = new Properties();
        properties.putAll(connection);
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties);
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            partitionsOf(consumer, topic).forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        // Resolve the end offsets now, not lazily at the first poll when the load may have begun.
        partitions.forEach(consumer::position);
        return consumer;
    }

    /** A topic created a moment ago may not be in the broker's metadata yet: it then has no partitions. */
    private static List<PartitionInfo> partitionsOf(KafkaConsumer<String, String> consumer, String topic) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<PartitionInfo> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30));
        while (partitions.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for " + topic, e);
            }
            partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30));
        }
        if (partitions.isEmpty()) {
            throw new IllegalStateException("Topic " + topic + " has no partitions after 30 s");
        }
        return partitions;
    }
}
