package fi.imediat.rekisteri.benchmark.fanout;

import fi.imediat.rekisteri.benchmark.load.KafkaClients;
import fi.imediat.rekisteri.events.CloudEventHeaders;
import fi.imediat.rekisteri.events.EventJson;
import fi.imediat.rekisteri.events.EventType;
import fi.imediat.rekisteri.events.HolderAcknowledged;
import fi.imediat.rekisteri.events.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;

import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads every {@code holder.acknowledged} on the replies topic as it becomes readable (committed) and notes when
 * each holder's acknowledgement of each event arrived, in this JVM's {@link System#nanoTime()}.
 */
final class AcknowledgementObserver implements AutoCloseable {

    private final KafkaConsumer<String, String> consumer;
    private final Map<UUID, Map<String, Long>> arrivals = new ConcurrentHashMap<>();
    private final Thread thread;

    /** @param holders whose replies topics it reads */
    AcknowledgementObserver(Properties connection, List<String> holders) {
        consumer = KafkaClients.fromNow(connection, holders.stream().map(Topics::privacyReplies).toList());
        thread = new Thread(this::consume, "acknowledgement-observer");
        thread.start();
    }

    /** When the last of {@code holders} acknowledged {@code eventId}; empty while one of them has not. */
    OptionalLong allAcknowledgedAt(UUID eventId, Collection<String> holders) {
        Map<String, Long> byHolder = arrivals.get(eventId);
        if (byHolder == null) {
            return OptionalLong.empty();
        }
        long last = Long.MIN_VALUE;
        for (String holder : holders) {
            Long at = byHolder.get(holder);
            if (at == null) {
                return OptionalLong.empty();
            }
            last = Math.max(last, at);
        }
        return OptionalLong.of(last);
    }

    /** When {@code holder} acknowledged {@code eventId}; empty while it has not. */
    OptionalLong acknowledgedAt(UUID eventId, String holder) {
        Map<String, Long> byHolder = arrivals.get(eventId);
        Long at = byHolder == null ? null : byHolder.get(holder);
        return at == null ? OptionalLong.empty() : OptionalLong.of(at);
    }

    private void consume() {
        String ackType = EventType.HOLDER_ACKNOWLEDGED.ceType();
        try {
            while (!Thread.currentThread().isInterrupted()) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofSeconds(1))) {
                    long now = System.nanoTime();
                    if (ackType.equals(BenchmarkHolder.header(record, CloudEventHeaders.TYPE))) {
                        HolderAcknowledged ack = parse(record.value());
                        if (ack != null && ack.acknowledgedEventId() != null) {
                            arrivals.computeIfAbsent(ack.acknowledgedEventId(), id -> new ConcurrentHashMap<>())
                                    .putIfAbsent(ack.holder(), now);
                        }
                    }
                }
            }
        } catch (WakeupException stopping) {
            // close() asked the poll to end
        } finally {
            consumer.close();
        }
    }

    private static HolderAcknowledged parse(String value) {
        try {
            return EventJson.mapper().readValue(value, HolderAcknowledged.class);
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public void close() throws InterruptedException {
        consumer.wakeup();
        thread.join(10_000);
    }
}
