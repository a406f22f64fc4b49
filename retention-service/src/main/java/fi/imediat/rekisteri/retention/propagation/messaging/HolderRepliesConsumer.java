package fi.imediat.rekisteri.retention.propagation.messaging;

import fi.imediat.rekisteri.events.EventType;
import fi.imediat.rekisteri.events.HolderAcknowledged;
import fi.imediat.rekisteri.platform.database.RetriedWhileDatabaseUnavailable;
import fi.imediat.rekisteri.platform.inbox.Inbox;
import fi.imediat.rekisteri.retention.access.service.AccessRequests;
import fi.imediat.rekisteri.retention.clocks.service.RetentionClocks;
import fi.imediat.rekisteri.retention.erasure.service.ErasureRequests;
import fi.imediat.rekisteri.retention.propagation.service.PropagationLedger;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Collects every holder's {@code holder.acknowledged}: for events into the propagation ledger, for access requests
 * into their reports, for erasure requests into the erasure saga (and what a holder retained, with its until-date,
 * into a follow-up retention clock).
 */
@ApplicationScoped
public class HolderRepliesConsumer {

    private static final String CONSUMER = "retention-service/holder-replies";

    private final Inbox inbox;
    private final PropagationLedger propagation;
    private final ErasureRequests erasures;
    private final AccessRequests accesses;
    private final RetentionClocks clocks;

    HolderRepliesConsumer(Inbox inbox, PropagationLedger propagation, ErasureRequests erasures,
            AccessRequests accesses, RetentionClocks clocks) {
        this.inbox = inbox;
        this.propagation = propagation;
        this.erasures = erasures;
        this.accesses = accesses;
        this.clocks = clocks;
    }

    @Incoming("holder-replies")
    @Blocking
    @RetriedWhileDatabaseUnavailable
    @Transactional
    public void onReply(ConsumerRecord<String, String> record) {
        inbox.firstDelivery(CONSUMER, record, EventType.HOLDER_ACKNOWLEDGED, HolderAcknowledged.class)
                .ifPresent(ack -> {
                    if (ack.acknowledgedEventId() != null) {
                        propagation.acknowledged(ack);
                    } else if (!accesses.acknowledged(ack)) {
                        erasures.acknowledged(ack);
                        clocks.holderAnswered(ack);
                    }
                });
    }
}
