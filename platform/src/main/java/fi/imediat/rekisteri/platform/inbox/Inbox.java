package fi.imediat.rekisteri.platform.inbox;

import fi.imediat.rekisteri.events.EventType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.util.Optional;

/**
 * Remembers which events a consumer has applied. Called in the transaction of the effect, so the effect and its
 * "processed" mark commit or roll back together, and a redelivered event is recognised and skipped.
 */
@ApplicationScoped
public class Inbox {

    private final EntityManager entityManager;

    Inbox(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /**
     * @return the event when {@code consumer} sees it for the first time; empty for a redelivery
     * @throws PoisonEventException when the record is not an event of the contract
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<InboundEvent> firstDelivery(String consumer, ConsumerRecord<String, String> record) {
        InboundEvent event = InboundEvent.from(record);
        int inserted = entityManager.createNativeQuery("""
                        INSERT INTO inbox_event (consumer, event_id, event_type) VALUES (?1, ?2, ?3)
                        ON CONFLICT DO NOTHING""")
                .setParameter(1, consumer)
                .setParameter(2, event.id())
                .setParameter(3, event.type().shortName())
                .executeUpdate();
        return inserted == 1 ? Optional.of(event) : Optional.empty();
    }

    /** Like {@link #firstDelivery}, for a consumer that applies only events of {@code type}: their bodies. */
    @Transactional(Transactional.TxType.MANDATORY)
    public <T> Optional<T> firstDelivery(String consumer, ConsumerRecord<String, String> record, EventType type,
            Class<T> bodyType) {
        return firstDelivery(consumer, record).filter(event -> event.type() == type)
                .map(event -> event.body(bodyType));
    }
}
