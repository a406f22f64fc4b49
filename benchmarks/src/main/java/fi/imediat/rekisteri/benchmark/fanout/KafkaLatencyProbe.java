package fi.imediat.rekisteri.benchmark.fanout;

import fi.imediat.rekisteri.benchmark.load.KafkaClients;
import fi.imediat.rekisteri.benchmark.load.Latencies;
import fi.imediat.rekisteri.benchmark.load.OpenModelLoad;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The baseline of the fan-out: Kafka's own end-to-end latency on the same broker, measured like Kafka's
 * {@code EndToEndLatency} tool but at a fixed rate (open model, as the withdrawals): a producer (acks=all) sends
 * small records to a topic with as many partitions as the services' topics, a read_committed consumer receives
 * them; the latency is from the send to the receipt, in one JVM's clock.
 */
final class KafkaLatencyProbe {

    private static final String TOPIC = "benchmark.end-to-end-latency";

    private KafkaLatencyProbe() {
    }

    static Latencies measure(Properties connection, int ratePerSecond, Duration duration) throws Exception {
        KafkaClients.createTopic(connection, TOPIC, 3);
        int count = (int) (ratePerSecond * duration.toMillis() / 1000);
        AtomicLongArray sentAt = new AtomicLongArray(count);
        Latencies latencies = new Latencies();
        try (KafkaProducer<String, String> producer = KafkaClients.producer(connection);
             KafkaConsumer<String, String> consumer = KafkaClients.fromNow(connection, List.of(TOPIC))) {
            Thread receiver = new Thread(() -> {
                int received = 0;
                long deadline = System.nanoTime() + duration.toNanos() + TimeUnit.SECONDS.toNanos(30);
                while (received < count && System.nanoTime() < deadline) {
                    for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                        long now = System.nanoTime();
                        int sequence = Integer.parseInt(record.value());
                        latencies.record(now - sentAt.get(sequence));
                        received++;
                    }
                }
            }, "kafka-latency-probe");
            receiver.start();
            OpenModelLoad.run(ratePerSecond, duration, (i, due) -> {
                sentAt.set(i, due);
                producer.send(new ProducerRecord<>(TOPIC, Integer.toString(i % 64), Integer.toString(i)));
            });
            receiver.join();
        }
        return latencies;
    }
}
