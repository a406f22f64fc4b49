package fi.imediat.rekisteri.platform.holder;

import fi.imediat.rekisteri.events.EventType;
import fi.imediat.rekisteri.events.HolderAcknowledged;
import fi.imediat.rekisteri.events.HolderAcknowledged.CategoryOutcome;
import fi.imediat.rekisteri.platform.outbox.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * This service's replies as a data holder: {@code holder.acknowledged} through the outbox, in the transaction
 * that applied the event, so an acknowledgement is sent exactly when the effect is committed.
 */
@ApplicationScoped
public class HolderAcknowledgements {

    private final Outbox outbox;
    private final String holder;

    HolderAcknowledgements(Outbox outbox, HolderConfig config) {
        this.outbox = outbox;
        this.holder = config.id();
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public UUID acknowledgeEvent(UUID eventId, UUID customerId, List<CategoryOutcome> outcomes) {
        return outbox.record(EventType.HOLDER_ACKNOWLEDGED,
                customerId, new HolderAcknowledged(eventId, null, holder, customerId, outcomes, Instant.now()));
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public UUID acknowledgeRequest(UUID requestId, UUID customerId, List<CategoryOutcome> outcomes) {
        return outbox.record(EventType.HOLDER_ACKNOWLEDGED,
                customerId, new HolderAcknowledged(null, requestId, holder, customerId, outcomes, Instant.now()));
    }
}
