package fi.imediat.rekisteri.retention.propagation.messaging;

import fi.imediat.rekisteri.events.AckOutcome;
import fi.imediat.rekisteri.events.ConsentWithdrawn;
import fi.imediat.rekisteri.events.CustomerClosed;
import fi.imediat.rekisteri.events.CustomerRegistered;
import fi.imediat.rekisteri.events.HolderAcknowledged.CategoryOutcome;
import fi.imediat.rekisteri.events.ProhibitionAdded;
import fi.imediat.rekisteri.events.SubscriptionStarted;
import fi.imediat.rekisteri.platform.database.RetriedWhileDatabaseUnavailable;
import fi.imediat.rekisteri.platform.holder.HolderAcknowledgements;
import fi.imediat.rekisteri.platform.deadletter.ReplayableConsumer;
import fi.imediat.rekisteri.platform.inbox.ChannelHandler;
import fi.imediat.rekisteri.platform.inbox.EventBatches;
import fi.imediat.rekisteri.platform.inbox.InboundEvent;
import fi.imediat.rekisteri.retention.clocks.service.RetentionClocks;
import fi.imediat.rekisteri.retention.propagation.service.PropagationLedger;
import fi.imediat.rekisteri.retention.propagation.service.PropagationLedger.TrackedEvent;
import fi.imediat.rekisteri.retention.subjects.service.SubjectLinks;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Records every event that must reach all holders (closure, withdrawal, prohibition), and applies it here as a
 * holder too: a closure starts the customer's retention clock, a new registration or service stops it. A poll's
 * withdrawals and prohibitions of distinct customers are recorded together (one ledger statement, one batch of
 * acknowledgements).
 */
@ApplicationScoped
public class TrackedEventsConsumer implements ReplayableConsumer {

    private static final String CUSTOMER_CONSUMER = "retention-service/customer-events";
    private static final String CONSENT_CONSUMER = "retention-service/consent-events";

    private final EventBatches batches;
    private final PropagationLedger propagation;
    private final RetentionClocks clocks;
    private final SubjectLinks subjects;
    private final HolderAcknowledgements acknowledgements;

    TrackedEventsConsumer(EventBatches batches, PropagationLedger propagation, RetentionClocks clocks,
            SubjectLinks subjects, HolderAcknowledgements acknowledgements) {
        this.batches = batches;
        this.propagation = propagation;
        this.clocks = clocks;
        this.subjects = subjects;
        this.acknowledgements = acknowledgements;
    }

    @Incoming("customer-events")
    @Blocking
    @RetriedWhileDatabaseUnavailable
    public CompletionStage<Void> onCustomerEvents(KafkaRecordBatch<String, String> events) {
        return batches.applyFirstDeliveries(customerEvents(), events);
    }

    @Incoming("consent-events")
    @Blocking
    @RetriedWhileDatabaseUnavailable
    public CompletionStage<Void> onConsentEvents(KafkaRecordBatch<String, String> events) {
        return batches.applyFirstDeliveries(consentEvents(), events);
    }

    @Override
    public List<ChannelHandler> replayableChannels() {
        return List.of(customerEvents(), consentEvents());
    }

    private ChannelHandler customerEvents() {
        return ChannelHandler.eachEvent("customer-events", CUSTOMER_CONSUMER, this::applyCustomerEvent);
    }

    private ChannelHandler consentEvents() {
        return ChannelHandler.asSets("consent-events", CONSENT_CONSUMER, this::applyConsentEvents);
    }

    private void applyCustomerEvent(InboundEvent event) {
        switch (event.type()) {
            case CUSTOMER_REGISTERED -> {
                CustomerRegistered registered = event.body(CustomerRegistered.class);
                if (registered.subject() != null) {
                    subjects.link(registered.customerId(), registered.subject());
                }
                clocks.relationshipReopened(registered.customerId());
            }
            case SUBSCRIPTION_STARTED ->
                    clocks.relationshipReopened(event.body(SubscriptionStarted.class).customerId());
            case CUSTOMER_CLOSED -> {
                CustomerClosed closed = event.body(CustomerClosed.class);
                clocks.relationshipEnded(closed.customerId(), closed.relationshipEndedOn());
                track(List.of(new TrackedEvent(event.uuid(), event.type(), closed.customerId())), AckOutcome.APPLIED);
            }
            default -> {
                // Of the other lifecycle events, none fans out to every holder.
            }
        }
    }

    /** A run of events of distinct customers: recorded in the ledger in one statement, acknowledged in one batch. */
    private void applyConsentEvents(List<InboundEvent> run) {
        List<TrackedEvent> tracked = new ArrayList<>();
        for (InboundEvent event : run) {
            switch (event.type()) {
                case CONSENT_WITHDRAWN -> tracked.add(new TrackedEvent(event.uuid(), event.type(),
                        event.body(ConsentWithdrawn.class).customerId()));
                case PROHIBITION_ADDED -> tracked.add(new TrackedEvent(event.uuid(), event.type(),
                        event.body(ProhibitionAdded.class).customerId()));
                default -> {
                    // Grants and lifted prohibitions restrict nothing; no holder has to act on them.
                }
            }
        }
        // retention-service keeps no marketing permissions: it has nothing to apply but records the fan-out.
        track(tracked, AckOutcome.NOT_HELD);
    }

    private void track(List<TrackedEvent> events, AckOutcome outcome) {
        propagation.expect(events);
        for (TrackedEvent event : events) {
            acknowledgements.acknowledgeEvent(event.eventId(), event.customerId(), List.of(CategoryOutcome.of(outcome)));
        }
    }
}
