package fi.imediat.rekisteri.platform.inbox;

import fi.imediat.rekisteri.platform.database.DatabaseFailures;
import fi.imediat.rekisteri.platform.lifecycle.ApplicationStopping;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * Applies what a consumer polled in one transaction instead of one per record: under load a transaction's fixed
 * cost (begin, flush, commit, a connection from the pool, the outbox relay's wake-up) is paid once for up to
 * {@code max.poll.records} events, and the {@link Inbox} records the whole poll in one statement, so a redelivered
 * event is skipped as before, and a consumer's effects are the same as when it took one at a time. A handler that
 * {@linkplain ChannelHandler#asSets applies sets} writes each table once per run of distinct customers, not once per
 * event.
 * <p>
 * When the batch's transaction fails, each record is applied again in a transaction of its own, so one bad record
 * neither holds back nor dead-letters the others: only a record that fails on its own is nacked (to the channel's
 * dead-letter topic), the rest are applied and acknowledged. A {@link DatabaseFailures#transientFailure transient}
 * failure nacks nothing: it propagates, and the consumer's {@code @RetriedWhileDatabaseUnavailable} applies the
 * whole batch again (what was already committed is skipped by the inbox). Nor does any failure once the service is
 * {@linkplain ApplicationStopping stopping}: the records are read again after the restart.
 */
@ApplicationScoped
public class EventBatches {

    private static final Logger LOG = Logger.getLogger(EventBatches.class);

    private final Inbox inbox;
    private final EntityManager entityManager;
    private final ApplicationStopping application;

    EventBatches(Inbox inbox, EntityManager entityManager, ApplicationStopping application) {
        this.inbox = inbox;
        this.entityManager = entityManager;
        this.application = application;
    }

    /**
     * Applies each event of the batch that the handler's consumer sees for the first time.
     *
     * @return completes once every record is acknowledged or dead-lettered
     */
    public CompletionStage<Void> applyFirstDeliveries(ChannelHandler handler, KafkaRecordBatch<String, String> batch) {
        return apply(handler, batch);
    }

    /**
     * Applies records taken again from their topic (a dead-letter replay) that the handler's consumer has not
     * applied yet, in one transaction of their own.
     *
     * @throws RuntimeException when one of them fails; nothing of this call is then committed
     */
    public void applyAgain(ChannelHandler handler, List<ConsumerRecord<String, String>> records) {
        QuarkusTransaction.requiringNew().run(() -> applyAsSet(handler, records));
    }

    private CompletionStage<Void> apply(ChannelHandler handler, KafkaRecordBatch<String, String> batch) {
        List<KafkaRecord<String, String>> records = batch.getRecords();
        try {
            QuarkusTransaction.requiringNew().run(() -> applyAsSet(handler,
                    records.stream().map(EventBatches::consumerRecord).toList()));
            return batch.ack();
        } catch (RuntimeException batchFailure) {
            if (notTheRecords(batchFailure)) {
                throw batchFailure;
            }
            if (records.size() == 1) {
                return records.get(0).nack(batchFailure);
            }
            LOG.warnf("A batch of %d records failed (%s); applying them one by one", records.size(),
                    batchFailure.getClass().getSimpleName());
            return oneByOne(records, record -> applyAsSet(handler, List.of(consumerRecord(record))));
        }
    }

    /**
     * The whole poll's inbox rows in one statement, then its first deliveries run by run, in order. A record that is
     * not an event of the contract fails the batch here, before anything is applied, and is parked by the fall-back.
     */
    private void applyAsSet(ChannelHandler handler, List<ConsumerRecord<String, String>> records) {
        List<InboundEvent> events = records.stream().map(InboundEvent::from).toList();
        Set<String> firstDeliveries = inbox.firstDeliveries(handler.consumer(), events);
        List<InboundEvent> firsts = new ArrayList<>();
        for (InboundEvent event : events) {
            if (firstDeliveries.remove(event.id())) {
                firsts.add(event);
            }
        }
        for (List<InboundEvent> run : runs(firsts, handler.appliesSets())) {
            handler.apply().accept(run);
            // Done with this run's entities: kept managed, every later native query's auto-flush would walk them
            // again, and a batch would cost time quadratic in its size. The flush sends a run's inserts as one
            // JDBC batch.
            entityManager.flush();
            entityManager.clear();
        }
    }

    /**
     * Cuts {@code events} into consecutive runs: of one event each, or, for a set handler, as long as no key repeats
     * (an event without a key stands alone). Concatenated, the runs are {@code events} in their order.
     */
    static List<List<InboundEvent>> runs(List<InboundEvent> events, boolean asSets) {
        List<List<InboundEvent>> runs = new ArrayList<>();
        List<InboundEvent> run = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        for (InboundEvent event : events) {
            boolean joins = asSets && event.key() != null && keys.size() == run.size() && !keys.contains(event.key());
            if (!joins && !run.isEmpty()) {
                runs.add(run);
                run = new ArrayList<>();
                keys.clear();
            }
            run.add(event);
            if (event.key() != null) {
                keys.add(event.key());
            }
        }
        if (!run.isEmpty()) {
            runs.add(run);
        }
        return runs;
    }

    /**
     * A failure that is no record's fault: the database away for a moment, or the service stopping. It propagates,
     * and no record is nacked.
     */
    private boolean notTheRecords(RuntimeException failure) {
        return DatabaseFailures.transientFailure(failure) || application.stopping();
    }

    private CompletionStage<Void> oneByOne(List<KafkaRecord<String, String>> records,
            Consumer<KafkaRecord<String, String>> applyOne) {
        List<RuntimeException> failures = new ArrayList<>();
        for (KafkaRecord<String, String> record : records) {
            try {
                QuarkusTransaction.requiringNew().run(() -> applyOne.accept(record));
                failures.add(null);
            } catch (RuntimeException failure) {
                if (notTheRecords(failure)) {
                    throw failure;
                }
                failures.add(failure);
            }
        }
        // Settled only now: a failure that is no record's fault leaves every record of the batch unsettled.
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
