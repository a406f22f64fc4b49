package fi.imediat.rekisteri.consent.customers.messaging;

import fi.imediat.rekisteri.consent.consents.domain.EvidenceSource;
import fi.imediat.rekisteri.consent.consents.service.ConsentLedger;
import fi.imediat.rekisteri.consent.contactkeys.service.ContactKeyRefresh;
import fi.imediat.rekisteri.consent.customers.service.CustomerRelationships;
import fi.imediat.rekisteri.events.AckOutcome;
import fi.imediat.rekisteri.events.ClosureReason;
import fi.imediat.rekisteri.events.CustomerClosed;
import fi.imediat.rekisteri.events.CustomerRegistered;
import fi.imediat.rekisteri.events.CustomerUpdated;
import fi.imediat.rekisteri.events.DataCategory;
import fi.imediat.rekisteri.events.HolderAcknowledged.CategoryOutcome;
import fi.imediat.rekisteri.platform.database.RetriedWhileDatabaseUnavailable;
import fi.imediat.rekisteri.platform.deadletter.ReplayableConsumer;
import fi.imediat.rekisteri.platform.holder.HolderAcknowledgements;
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
 * Follows customer-service's lifecycle events. A closure ends the soft opt-in of the relationship; when the
 * customer asked for the closure, every consent they gave is withdrawn as well. A registration, or a change of
 * basic data, queues a fetch of the customer's contact keys (ASML matching and suppression).
 */
@ApplicationScoped
public class CustomerEventsConsumer implements ReplayableConsumer {

    private static final String CONSUMER = "consent-service/customer-events";

    private final EventBatches batches;
    private final CustomerRelationships relationships;
    private final ConsentLedger ledger;
    private final HolderAcknowledgements acknowledgements;
    private final ContactKeyRefresh contactKeys;

    CustomerEventsConsumer(EventBatches batches, CustomerRelationships relationships, ConsentLedger ledger,
            HolderAcknowledgements acknowledgements, ContactKeyRefresh contactKeys) {
        this.contactKeys = contactKeys;
        this.batches = batches;
        this.relationships = relationships;
        this.ledger = ledger;
        this.acknowledgements = acknowledgements;
    }

    @Incoming("customer-events")
    @Blocking
    @RetriedWhileDatabaseUnavailable
    public CompletionStage<Void> onCustomerEvents(KafkaRecordBatch<String, String> events) {
        return batches.applyFirstDeliveries(customerEvents(), events);
    }

    private void apply(InboundEvent event) {
        switch (event.type()) {
            case CUSTOMER_REGISTERED -> {
                CustomerRegistered registered = event.body(CustomerRegistered.class);
                relationships.opened(registered.customerId(), registered.subject());
                contactKeys.request(registered.customerId());
            }
            case CUSTOMER_UPDATED -> {
                CustomerUpdated updated = event.body(CustomerUpdated.class);
                if (updated.changedCategories().contains(DataCategory.BASIC_DATA)) {
                    contactKeys.request(updated.customerId());
                }
            }
            case CUSTOMER_CLOSED -> {
                CustomerClosed closed = event.body(CustomerClosed.class);
                relationships.closed(closed.customerId(), closed.reason(), closed.relationshipEndedOn());
                if (closed.reason() == ClosureReason.CUSTOMER_REQUEST) {
                    ledger.withdrawAll(closed.customerId(), new ConsentLedger.Evidence(
                            EvidenceSource.ACCOUNT_CLOSURE, null, closed.closedAt(), null, "consent-service"));
                }
                acknowledgements.acknowledgeEvent(event.uuid(), closed.customerId(),
                        List.of(CategoryOutcome.of(AckOutcome.APPLIED)));
            }
            default -> {
                // Other lifecycle events do not change what consent-service holds.
            }
        }
    }

    @Override
    public List<ChannelHandler> replayableChannels() {
        return List.of(customerEvents());
    }

    private ChannelHandler customerEvents() {
        return ChannelHandler.eachEvent("customer-events", CONSUMER, this::apply);
    }
}
