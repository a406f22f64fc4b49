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
import fi.imediat.rekisteri.retention.subjects.service.SubjectLinks;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletionStage;

/**
 * Records every event that must reach all holders (closure, withdrawal, prohibition), and applies it here as a
 * holder too: a closure starts the customer's retention clock, a new registration or service stops it.
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
        return new ChannelHandler("customer-events", CUSTOMER_CONSUMER, this::applyCustomerEvent);
    }

    private ChannelHandler consentEvents() {
        return new ChannelHandler("consent-events", CONSENT_CONSUMER, this::applyConsentEvent);
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
                track(event, closed.customerId(), AckOutcome.APPLIED);
            }
            default -> {
                // Of the other lifecycle events, none fans out to every holder.
            }
        }
    }

    private void applyConsentEvent(InboundEvent event) {
        switch (event.type()) {
            // retention-service keeps no marketing permissions: it has nothing to apply but records the fan-out.
            case CONSENT_WITHDRAWN ->
                    track(event, event.body(ConsentWithdrawn.class).customerId(), AckOutcome.NOT_HELD);
            case PROHIBITION_ADDED ->
                    track(event, event.body(ProhibitionAdded.class).customerId(), AckOutcome.NOT_HELD);
            default -> {
                // Grants and lifted prohibitions restrict nothing; no holder has to act on them.
            }
        }
    }

    private void track(InboundEvent event, UUID customerId, AckOutcome outcome) {
        propagation.expect(event.uuid(), event.type(), customerId);
        acknowledgements.acknowledgeEvent(event.uuid(), customerId, List.of(CategoryOutcome.of(outcome)));
    }
}
