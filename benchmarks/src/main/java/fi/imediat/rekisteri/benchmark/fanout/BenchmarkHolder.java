package fi.imediat.rekisteri.benchmark.fanout;

import fi.imediat.rekisteri.benchmark.BenchmarkContext;
import fi.imediat.rekisteri.benchmark.load.KafkaClients;
import fi.imediat.rekisteri.benchmark.load.Rest;
import fi.imediat.rekisteri.events.AckOutcome;
import fi.imediat.rekisteri.events.CloudEventHeaders;
import fi.imediat.rekisteri.events.EventJson;
import fi.imediat.rekisteri.events.EventType;
import fi.imediat.rekisteri.events.HolderAcknowledged;
import fi.imediat.rekisteri.events.HolderAcknowledged.CategoryOutcome;
import fi.imediat.rekisteri.events.Topics;
import fi.imediat.rekisteri.testsupport.Tokens;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Stands in for an external holder system (a newsletter platform, say): registered in retention-service with its
 * own service account as a holder that must acknowledge, it reads withdrawals, prohibitions and closures (committed
 * records only) and answers each with {@code holder.acknowledged} {@code APPLIED} on its own replies topic. "Applied"
 * for it means: the event was read and noted, which is all such a system would do before its own unsubscribe. Its
 * replies topic is made as an operator onboards a holder, and the benchmark waits until the services follow it.
 */
final class BenchmarkHolder implements AutoCloseable {

    static final String ID = "benchmark-holder";
    /** The realm's example external holder system; its service account has the data-holder role. */
    private static final String SYSTEM_CLIENT = "newsletter-platform";
    private static final Set<String> APPLIED_TYPES = Set.of(EventType.CONSENT_WITHDRAWN.ceType(),
            EventType.PROHIBITION_ADDED.ceType(), EventType.CUSTOMER_CLOSED.ceType());

    private final BenchmarkContext context;
    private final Rest rest;
    private final KafkaConsumer<String, String> consumer;
    private final KafkaProducer<String, String> producer;
    private final Thread thread;
    private final AtomicLong acknowledged = new AtomicLong();

    private BenchmarkHolder(BenchmarkContext context, Rest rest) {
        this.context = context;
        this.rest = rest;
        // As the operator: it reads customer events too, which an external holder's grant does not.
        Properties kafka = KafkaClients.operator(context.stack());
        consumer = KafkaClients.fromNow(kafka, List.of(Topics.CONSENT, Topics.CUSTOMER));
        producer = KafkaClients.producer(kafka);
        thread = new Thread(this::consume, "benchmark-holder");
        thread.start();
    }

    /** Registers the holder (before the events it must acknowledge are published) and starts answering. */
    static BenchmarkHolder start(BenchmarkContext context, Rest rest) throws InterruptedException {
        Properties kafka = KafkaClients.operator(context.stack());
        KafkaClients.createTopic(kafka, Topics.privacyReplies(ID), 3);
        KafkaClients.awaitConsumed(kafka, Topics.privacyReplies(ID), List.of("consent-service", "retention-service"),
                Duration.ofSeconds(90));
        String url = context.stack().service("retention-service").baseUrl() + "/holders";
        String token = context.tokens().serviceAccount(SYSTEM_CLIENT);
        Map<String, Object> registration = Map.of("description", "Benchmark stand-in for an external holder",
                "categories", List.of("MARKETING_PERMISSIONS"), "acknowledgementRequired", true,
                "acknowledgementDeadline", "PT1H");
        HttpResponse<String> created = rest.send("POST", url, token, Rest.json(with(registration, "id", ID)));
        if (created.statusCode() == 409) {
            created = rest.send("PUT", url + "/" + ID, token, Rest.json(registration));
        }
        if (created.statusCode() / 100 != 2) {
            throw new IllegalStateException("Could not register the benchmark holder: " + created.statusCode());
        }
        return new BenchmarkHolder(context, rest);
    }

    long acknowledged() {
        return acknowledged.get();
    }

    private void consume() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofSeconds(1))) {
                    String type = header(record, CloudEventHeaders.TYPE);
                    if (type != null && APPLIED_TYPES.contains(type)) {
                        acknowledge(UUID.fromString(header(record, CloudEventHeaders.ID)),
                                UUID.fromString(record.key()));
                    }
                }
            }
        } catch (WakeupException stopping) {
            // close() asked the poll to end
        } finally {
            consumer.close();
        }
    }

    private void acknowledge(UUID eventId, UUID customerId) {
        HolderAcknowledged body = new HolderAcknowledged(eventId, null, ID, customerId,
                List.of(CategoryOutcome.of(AckOutcome.APPLIED)), Instant.now());
        UUID ackId = UUID.randomUUID();
        ProducerRecord<String, String> record = new ProducerRecord<>(Topics.privacyReplies(ID), customerId.toString(),
                json(body));
        Map.of(CloudEventHeaders.ID, ackId.toString(),
                CloudEventHeaders.TYPE, EventType.HOLDER_ACKNOWLEDGED.ceType(),
                CloudEventHeaders.SOURCE, "/benchmark/" + ID,
                CloudEventHeaders.SUBJECT, customerId.toString(),
                CloudEventHeaders.TIME, body.acknowledgedAt().toString(),
                CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_VALUE,
                CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.JSON)
                .forEach((name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
        producer.send(record);
        acknowledged.incrementAndGet();
    }

    /** Stops answering and unregisters, so the holder is not expected for anything published afterwards. */
    @Override
    public void close() throws InterruptedException {
        consumer.wakeup();
        thread.join(10_000);
        producer.close();
        String url = context.stack().service("retention-service").baseUrl() + "/holders/" + ID;
        rest.send("DELETE", url, context.tokens().user(Tokens.OFFICER), null);
    }

    static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static String json(Object body) {
        try {
            return EventJson.mapper().writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Object> with(Map<String, Object> map, String key, Object value) {
        java.util.HashMap<String, Object> copy = new java.util.HashMap<>(map);
        copy.put(key, value);
        return copy;
    }
}
