package fi.imediat.rekisteri.customer.erasure.messaging;

import fi.imediat.rekisteri.customer.analytics.service.Analytics;
import fi.imediat.rekisteri.customer.billing.service.Billing;
import fi.imediat.rekisteri.customer.contacts.service.ContactDetails;
import fi.imediat.rekisteri.customer.customers.domain.Customer;
import fi.imediat.rekisteri.customer.customers.domain.CustomerStatus;
import fi.imediat.rekisteri.customer.interests.service.Interests;
import fi.imediat.rekisteri.customer.marketing.service.MarketingRestrictions;
import fi.imediat.rekisteri.customer.subscriptions.service.Customership;
import fi.imediat.rekisteri.events.AckOutcome;
import fi.imediat.rekisteri.events.CustomerErased;
import fi.imediat.rekisteri.events.DataCategory;
import fi.imediat.rekisteri.events.ErasureRequested;
import fi.imediat.rekisteri.events.EventType;
import fi.imediat.rekisteri.events.HolderAcknowledged.CategoryOutcome;
import fi.imediat.rekisteri.platform.audit.AuditAction;
import fi.imediat.rekisteri.platform.audit.AuditTrail;
import fi.imediat.rekisteri.platform.audit.ProcessingPurpose;
import fi.imediat.rekisteri.platform.database.RetriedWhileDatabaseUnavailable;
import fi.imediat.rekisteri.platform.deadletter.ReplayableConsumer;
import fi.imediat.rekisteri.platform.holder.HolderAcknowledgements;
import fi.imediat.rekisteri.platform.inbox.ChannelHandler;
import fi.imediat.rekisteri.platform.inbox.EventBatches;
import fi.imediat.rekisteri.platform.outbox.Outbox;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * customer-service as a holder of an erasure request: erases the customer's data, leaves a tombstone, keeps the
 * invoices that accounting law requires (restricted, answered RETAINED with the legal basis and the date),
 * announces customer.erased and acknowledges per category. A request that comes again erases nothing more and
 * acknowledges again; a request for BILLING alone for an erased customer (the retained period has ended) deletes
 * the invoices.
 */
@ApplicationScoped
public class ErasureRequestsConsumer implements ReplayableConsumer {

    private static final String CONSUMER = "customer-service/privacy-requests";

    /** The categories erased with the person; BILLING is answered by {@link Billing}. */
    private static final Set<DataCategory> ERASED = EnumSet.of(DataCategory.BASIC_DATA, DataCategory.IDENTIFICATION,
            DataCategory.CUSTOMERSHIP, DataCategory.MARKETING_PERMISSIONS, DataCategory.SELF_GIVEN,
            DataCategory.ANALYTICS);

    private final EventBatches batches;
    private final Outbox outbox;
    private final MarketingRestrictions restrictions;
    private final HolderAcknowledgements acknowledgements;
    private final AuditTrail audit;
    private final ContactDetails contacts;
    private final Interests interests;
    private final Customership customership;
    private final Billing billing;
    private final Analytics analytics;
    private final Clock clock;

    ErasureRequestsConsumer(EventBatches batches, Outbox outbox, MarketingRestrictions restrictions,
            HolderAcknowledgements acknowledgements, AuditTrail audit, ContactDetails contacts, Interests interests,
            Customership customership, Billing billing, Analytics analytics, Clock clock) {
        this.clock = clock;
        this.analytics = analytics;
        this.batches = batches;
        this.outbox = outbox;
        this.restrictions = restrictions;
        this.acknowledgements = acknowledgements;
        this.audit = audit;
        this.contacts = contacts;
        this.interests = interests;
        this.customership = customership;
        this.billing = billing;
    }

    @Incoming("privacy-requests")
    @Blocking
    @RetriedWhileDatabaseUnavailable
    public CompletionStage<Void> onPrivacyRequests(KafkaRecordBatch<String, String> requests) {
        return batches.applyFirstDeliveries(privacyRequests(), requests);
    }

    private void erase(ErasureRequested request) {
        Customer customer = Customer.findById(request.customerId());
        List<CategoryOutcome> outcomes;
        if (customer == null) {
            outcomes = request.categories().stream().map(c -> outcome(c, AckOutcome.NOT_HELD)).toList();
        } else if (customer.status == CustomerStatus.ERASED && request.categories().equals(
                List.of(DataCategory.BILLING))) {
            outcomes = List.of(billing.erase(customer.id));
            audit.record("invoice.erase", customer.id, List.of(DataCategory.BILLING), AuditAction.DELETE,
                    ProcessingPurpose.RIGHTS_AND_OBLIGATIONS);
        } else {
            if (customer.status != CustomerStatus.ERASED) {
                erasePerson(customer, request);
            }
            // Invoices are restricted with the person, whatever the scope: nothing uses them any more.
            CategoryOutcome invoices = billing.restrict(customer.id);
            outcomes = request.categories().stream().map(category -> category == DataCategory.BILLING ? invoices
                    : outcome(category, !ERASED.contains(category) ? AckOutcome.NOT_HELD
                    // The customer number stays on the tombstone but no longer leads to anyone.
                    : category == DataCategory.IDENTIFICATION ? AckOutcome.ANONYMISED : AckOutcome.ERASED))
                    .toList();
        }
        acknowledgements.acknowledgeRequest(request.requestId(), request.customerId(), outcomes);
    }

    private void erasePerson(Customer customer, ErasureRequested request) {
        Instant now = Instant.now(clock);
        customer.erase(now);
        contacts.eraseAll(customer.id);
        interests.eraseAll(customer.id);
        customership.eraseAll(customer.id);
        analytics.eraseAll(customer.id);
        restrictions.eraseAll(customer.id);
        outbox.record(EventType.CUSTOMER_ERASED, customer.id,
                new CustomerErased(customer.id, request.requestId(), now));
        audit.record("customer.erase", customer.id, ERASED, AuditAction.DELETE, ProcessingPurpose.DATA_SUBJECT_RIGHTS);
    }

    private static CategoryOutcome outcome(DataCategory category, AckOutcome outcome) {
        return new CategoryOutcome(category, outcome, null, null);
    }

    @Override
    public List<ChannelHandler> replayableChannels() {
        return List.of(privacyRequests());
    }

    private ChannelHandler privacyRequests() {
        return ChannelHandler.of("privacy-requests", CONSUMER, EventType.ERASURE_REQUESTED, ErasureRequested.class, this::erase);
    }
}
