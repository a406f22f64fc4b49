package fi.imediat.rekisteri.testsupport;

import fi.imediat.rekisteri.infra.KafkaClients;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Reads a dead-letter topic: what a consumer parked, and the reason it gave. */
public final class DeadLetters {

    /** A parked record and the {@code dead-letter-reason} header the consumer wrote. */
    public record DeadLetter(String key, String value, String reason) {
    }

    private DeadLetters() {
    }

    /** Waits until at least {@code count} records of {@code key} are on {@code dlqTopic}, each with a reason. */
    public static List<DeadLetter> await(KafkaClients clients, String dlqTopic, String key, int count,
            Duration timeout) {
        List<DeadLetter> found = new ArrayList<>();
        return TopicReader.read(clients, dlqTopic, key, DeadLetters::withReason,
                        list -> list.size() >= count, timeout, found)
                .orElseThrow(() -> new AssertionError("Expected " + count + " dead letters of " + key + " on "
                        + dlqTopic + ", found " + found.size()));
    }

    private static DeadLetter withReason(ConsumerRecord<String, String> record) {
        String reason = TopicReader.header(record, "dead-letter-reason");
        if (reason == null) {
            throw new AssertionError("Dead letter without a reason on " + record.topic());
        }
        return new DeadLetter(record.key(), record.value(), reason);
    }
}
