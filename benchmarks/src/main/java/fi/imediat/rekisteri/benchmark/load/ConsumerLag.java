package fi.imediat.rekisteri.benchmark.load;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * How far the services' consumers are behind the ends of the topics they read (their group ids are the service
 * names), so that a measurement starts only when what earlier loads left on the topics has been worked off.
 */
public final class ConsumerLag {

    private ConsumerLag() {
    }

    /** Waits until no service group lags, or {@code timeout}; returns the lag left (0 when caught up). */
    public static long awaitCaughtUp(Properties connection, List<String> groups, Duration timeout)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(connection)) {
            long lag = lag(admin, groups);
            while (lag > 0 && System.nanoTime() < deadline) {
                Thread.sleep(500);
                lag = lag(admin, groups);
            }
            return lag;
        }
    }

    private static long lag(Admin admin, List<String> groups) throws Exception {
        long lag = 0;
        for (String group : groups) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            Map<TopicPartition, Long> committed = new HashMap<>();
            offsets.forEach((partition, offset) -> {
                if (offset != null && !partition.topic().endsWith(".dlq")) {
                    latest.put(partition, OffsetSpec.latest());
                    committed.put(partition, offset.offset());
                }
            });
            ListOffsetsResult ends = admin.listOffsets(latest);
            for (TopicPartition partition : latest.keySet()) {
                // The commit marker of the last Kafka transaction takes an offset that no consumer commits past.
                lag += Math.max(0, ends.partitionResult(partition).get().offset() - committed.get(partition) - 1);
            }
        }
        return lag;
    }
}
