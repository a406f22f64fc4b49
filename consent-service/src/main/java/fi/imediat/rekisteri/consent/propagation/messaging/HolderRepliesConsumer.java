package fi.imediat.rekisteri.consent.propagation.messaging;

import fi.imediat.rekisteri.consent.propagation.service.HolderAcknowledgementLedger;
import fi.imediat.rekisteri.events.EventType;
import fi.imediat.rekisteri.events.HolderAcknowledged;
import fi.imediat.rekisteri.platform.database.RetriedWhileDatabaseUnavailable;
import fi.imediat.rekisteri.platform.deadletter.ReplayableConsumer;
import fi.imediat.rekisteri.platform.inbox.ChannelHandler;
import fi.imediat.rekisteri.platform.inbox.EventBatches;
import fi.imediat.rekisteri.platform.inbox.InboundEvent;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Reads every holder's replies (rekisteri.privacy-replies.v1) and keeps the acknowledgements of this service's
 * withdrawals and prohibitions, for the consent history. Replies to privacy requests are retention-service's.
 */
@ApplicationScoped
public class HolderRepliesConsumer implements ReplayableConsumer {

    private static final String CONSUMER = "consent-service/privacy-replies";

    private final EventBatches batches;
    private final HolderAcknowledgementLedger acknowledgements;

    HolderRepliesConsumer(EventBatches batches, HolderAcknowledgementLedger acknowledgements) {
        this.batches = batches;
        this.acknowledgements = acknowledgements;
    }

    @Incoming("privacy-replies")
    @Blocking
    @RetriedWhileDatabaseUnavailable
    public CompletionStage<Void> onReplies(KafkaRecordBatch<String, String> replies) {
        return batches.applyFirstDeliveries(privacyReplies(), replies);
    }

    @Override
    public List<ChannelHandler> replayableChannels() {
        return List.of(privacyReplies());
    }

    private ChannelHandler privacyReplies() {
        return ChannelHandler.asSets("privacy-replies", CONSUMER, this::apply);
    }

    /** A run of replies about distinct customers, kept in one statement. */
    private void apply(List<InboundEvent> run) {
        acknowledgements.record(run.stream()
                .filter(reply -> reply.type() == EventType.HOLDER_ACKNOWLEDGED)
                .map(reply -> reply.body(HolderAcknowledged.class))
                .filter(ack -> ack.acknowledgedEventId() != null)
                .toList());
    }
}
