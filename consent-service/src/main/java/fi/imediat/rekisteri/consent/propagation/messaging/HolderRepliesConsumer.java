package fi.imediat.rekisteri.consent.propagation.messaging;

import fi.imediat.rekisteri.consent.propagation.service.HolderAcknowledgementLedger;
import fi.imediat.rekisteri.events.EventType;
import fi.imediat.rekisteri.events.HolderAcknowledged;
import fi.imediat.rekisteri.platform.database.RetriedWhileDatabaseUnavailable;
import fi.imediat.rekisteri.platform.inbox.Inbox;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Reads every holder's replies (rekisteri.privacy-replies.v1) and keeps the acknowledgements of this service's
 * withdrawals and prohibitions, for the consent history. Replies to privacy requests are retention-service's.
 */
@ApplicationScoped
public class HolderRepliesConsumer {

    private static final String CONSUMER = "consent-service/privacy-replies";

    private final Inbox inbox;
    private final HolderAcknowledgementLedger acknowledgements;

    HolderRepliesConsumer(Inbox inbox, HolderAcknowledgementLedger acknowledgements) {
        this.inbox = inbox;
        this.acknowledgements = acknowledgements;
    }

    @Incoming("privacy-replies")
    @Blocking
    @RetriedWhileDatabaseUnavailable
    @Transactional
    public void onReply(ConsumerRecord<String, String> record) {
        inbox.firstDelivery(CONSUMER, record, EventType.HOLDER_ACKNOWLEDGED, HolderAcknowledged.class)
                .filter(ack -> ack.acknowledgedEventId() != null)
                .ifPresent(acknowledgements::record);
    }
}
