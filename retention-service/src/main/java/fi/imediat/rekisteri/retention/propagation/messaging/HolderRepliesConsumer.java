package fi.imediat.rekisteri.retention.propagation.messaging;

import fi.imediat.rekisteri.events.EventType;
import fi.imediat.rekisteri.events.HolderAcknowledged;
import fi.imediat.rekisteri.platform.database.RetriedWhileDatabaseUnavailable;
import fi.imediat.rekisteri.platform.deadletter.ReplayableConsumer;
import fi.imediat.rekisteri.platform.inbox.ChannelHandler;
import fi.imediat.rekisteri.platform.inbox.EventBatches;
import fi.imediat.rekisteri.platform.inbox.InboundEvent;
import fi.imediat.rekisteri.retention.access.service.AccessRequests;
import fi.imediat.rekisteri.retention.clocks.service.RetentionClocks;
import fi.imediat.rekisteri.retention.erasure.service.ErasureRequests;
import fi.imediat.rekisteri.retention.propagation.service.PropagationLedger;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Collects every holder's {@code holder.acknowledged}: for events into the propagation ledger, for access requests
 * into their reports, for erasure requests into the erasure saga (and what a holder retained, with its until-date,
 * into a follow-up retention clock).
 */
@ApplicationScoped
public class HolderRepliesConsumer implements ReplayableConsumer {

    private static final String CONSUMER = "retention-service/holder-replies";

    private final EventBatches batches;
    private final PropagationLedger propagation;
    private final ErasureRequests erasures;
    private final AccessRequests accesses;
    private final RetentionClocks clocks;

    HolderRepliesConsumer(EventBatches batches, PropagationLedger propagation, ErasureRequests erasures,
            AccessRequests accesses, RetentionClocks clocks) {
        this.batches = batches;
        this.propagation = propagation;
        this.erasures = erasures;
        this.accesses = accesses;
        this.clocks = clocks;
    }

    @Incoming("holder-replies")
    @Blocking
    @RetriedWhileDatabaseUnavailable
    public CompletionStage<Void> onReplies(KafkaRecordBatch<String, String> replies) {
        return batches.applyFirstDeliveries(holderReplies(), replies);
    }

    @Override
    public List<ChannelHandler> replayableChannels() {
        return List.of(holderReplies());
    }

    private ChannelHandler holderReplies() {
        return ChannelHandler.asSets("holder-replies", CONSUMER, this::apply);
    }

    /**
     * A run of replies about distinct customers: those to tracked events into the ledger in one statement, those to
     * requests one by one (an erasure's may start a follow-up clock).
     */
    private void apply(List<InboundEvent> run) {
        List<HolderAcknowledged> eventAcks = new ArrayList<>();
        for (InboundEvent reply : run) {
            if (reply.type() != EventType.HOLDER_ACKNOWLEDGED) {
                continue;
            }
            HolderAcknowledged ack = reply.body(HolderAcknowledged.class);
            if (ack.acknowledgedEventId() != null) {
                eventAcks.add(ack);
            } else if (!accesses.acknowledged(ack)) {
                erasures.acknowledged(ack);
                clocks.holderAnswered(ack);
            }
        }
        propagation.acknowledged(eventAcks);
    }
}
