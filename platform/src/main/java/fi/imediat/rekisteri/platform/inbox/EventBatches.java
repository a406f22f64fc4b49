package fi.imediat.rekisteri.platform.inbox;

import fi.imediat.rekisteri.platform.database.DatabaseFailures;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * Applies what a consumer polled in one transaction instead of one per record: under load a transaction's fixed
 * cost (begin, flush, commit, a connection from the pool, the outbox relay's wake-up) is paid once for up to
 * {@code max.poll.records} events, and the {@link Inbox} records the whole poll in one statement, so a redelivered
 * event is skipped as before, and a consumer's effects are the same as when it took one at a time.
 * <p>
 * When the batch's transaction fails, each record is applied again in a transaction of its own, so one bad record
 * neither holds back nor dead-letters the others: only a record that fails on its own is nacked (to the channel's
 * dead-letter topic), the rest are applied and acknowledged. A {@link DatabaseFailures#transientFailure transient}
 * failure nacks nothing: it propagates, and the consumer's {@code @RetriedWhileDatabaseUnavailable} applies the
 * whole batch again (what was already committed is skipped by the inbox).
 */
@ApplicationScoped
public class EventBatches {

    private static final Logger LOG = Logger.getLogger(EventBatches.class);

    private final Inbox inbox;
    private final EntityManager entityManager;

    EventBatches(Inbox inbox, EntityManager entityManager) {
        this.inbox = inbox;
        this.entityManager = entityManager;
    }

    /**
     * Applies each event of the batch that the handler's consumer sees for the first time.
     *
     * @return completes once every record is acknowledged or dead-lettered
     */
    public CompletionStage<Void> applyFirstDeliveries(ChannelHandler handler, KafkaRecordBatch<String, String> batch) {
        return apply(handler.consumer(), batch, handler.apply());
    }

    /**
     * Applies records taken again from their topic (a dead-letter replay) that the handler's consumer has not
     * applied yet, in one transaction of their own.
     *
     * @throws RuntimeException when one of them fails; nothing of this call is then committed
     */
    public void applyAgain(ChannelHandler handler, List<ConsumerRecord<String, String>> records) {
        QuarkusTransaction.requiringNew().run(() -> applyAsSet(handler.consumer(), records, handler.apply()));
    }

    private CompletionStage<Void> apply(String consumer, KafkaRecordBatch<String, String> batch,
            Consumer<InboundEvent> applyEvent) {
        List<KafkaRecord<String, String>> records = batch.getRecords();
        try {
            QuarkusTransaction.requiringNew().run(() -> applyAsSet(consumer,
                    records.stream().map(EventBatches::consumerRecord).toList(), applyEvent));
            return batch.ack();
        } catch (RuntimeException batchFailure) {
            if (DatabaseFailures.transientFailure(batchFailure)) {
                throw batchFailure;
            }
            if (records.size() == 1) {
                return records.get(0).nack(batchFailure);
            }
            LOG.warnf("A batch of %d records failed (%s); applying them one by one", records.size(),
                    batchFailure.getClass().getSimpleName());
            return oneByOne(records, record -> applyAsSet(consumer, List.of(consumerRecord(record)), applyEvent));
        }
    }

    /**
     * The whole poll's inbox rows in one statement, then each first delivery's effect in order. A record that is not
     * an event of the contract fails the batch here, before anything is applied, and is parked by the fall-back.
     */
    private void applyAsSet(String consumer, List<ConsumerRecord<String, String>> records,
            Consumer<InboundEvent> applyEvent) {
        List<InboundEvent> events = records.stream().map(InboundEvent::from).toList();
        Set<String> firstDeliveries = inbox.firstDeliveries(consumer, events);
        for (InboundEvent event : events) {
            if (firstDeliveries.remove(event.id())) {
                applyEvent.accept(event);
                // Done with this event's entities: kept managed, every later native query's auto-flush would walk
                // them again, and a batch would cost time quadratic in its size.
                entityManager.flush();
                entityManager.clear();
            }
        }
    }

    private static CompletionStage<Void> oneByOne(List<KafkaRecord<String, String>> records,
            Consumer<KafkaRecord<String, String>> applyOne) {
        List<RuntimeException> failures = new ArrayList<>();
        for (KafkaRecord<String, String> record : records) {
            try {
                QuarkusTransaction.requiringNew().run(() -> applyOne.accept(record));
                failures.add(null);
            } catch (RuntimeException failure) {
                if (DatabaseFailures.transientFailure(failure)) {
                    throw failure;
                }
                failures.add(failure);
            }
        }
        // Settled only now: a transient failure above leaves every record of the batch to the retry.
        List<CompletableFuture<Void>> settled = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            KafkaRecord<String, String> record = records.get(i);
            settled.add((failures.get(i) == null ? record.ack() : record.nack(failures.get(i))).toCompletableFuture());
        }
        return CompletableFuture.allOf(settled.toArray(CompletableFuture[]::new));
    }

    private static ConsumerRecord<String, String> consumerRecord(KafkaRecord<String, String> record) {
        @SuppressWarnings("unchecked")
        IncomingKafkaRecordMetadata<String, String> metadata = record.getMetadata(IncomingKafkaRecordMetadata.class)
                .orElseThrow(() -> new IllegalStateException("A record of a batch without its Kafka metadata"));
        return metadata.getRecord();
    }
}
