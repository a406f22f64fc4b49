package fi.imediat.rekisteri.customer.marketing.messaging;

import fi.imediat.rekisteri.customer.customers.domain.Customer;
import fi.imediat.rekisteri.customer.customers.domain.CustomerStatus;
import fi.imediat.rekisteri.customer.marketing.service.MarketingRestrictions;
import fi.imediat.rekisteri.events.AckOutcome;
import fi.imediat.rekisteri.events.Channel;
import fi.imediat.rekisteri.events.ConsentGranted;
import fi.imediat.rekisteri.events.ConsentWithdrawn;
import fi.imediat.rekisteri.events.HolderAcknowledged.CategoryOutcome;
import fi.imediat.rekisteri.events.ProhibitionAdded;
import fi.imediat.rekisteri.events.ProhibitionLifted;
import fi.imediat.rekisteri.events.Purpose;
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

import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionStage;

/**
 * Applies consent-service's changes to this holder's use of customer data: a withdrawal or a prohibition
 * restricts marketing use at once, and both are acknowledged to retention-service.
 */
@ApplicationScoped
public class ConsentEventsConsumer implements ReplayableConsumer {

    private static final String CONSUMER = "customer-service/consent-events";

    private final EventBatches batches;
    private final MarketingRestrictions restrictions;
    private final HolderAcknowledgements acknowledgements;

    ConsentEventsConsumer(EventBatches batches, MarketingRestrictions restrictions, HolderAcknowledgements acknowledgements) {
        this.batches = batches;
        this.restrictions = restrictions;
        this.acknowledgements = acknowledgements;
    }

    @Incoming("consent-events")
    @Blocking
    @RetriedWhileDatabaseUnavailable
    public CompletionStage<Void> onConsentEvents(KafkaRecordBatch<String, String> events) {
        return batches.applyFirstDeliveries(consentEvents(), events);
    }

    private void apply(InboundEvent event) {
        switch (event.type()) {
            case CONSENT_WITHDRAWN -> {
                ConsentWithdrawn withdrawn = event.body(ConsentWithdrawn.class);
                restrictAndAcknowledge(event, withdrawn.customerId(), Set.of(withdrawn.purpose()),
                        Set.of(withdrawn.channel()), withdrawn.withdrawnAt(), MarketingRestrictions.CONSENT);
            }
            case CONSENT_GRANTED -> {
                ConsentGranted granted = event.body(ConsentGranted.class);
                restrictions.liftConsentRestriction(granted.customerId(), granted.purpose(), granted.channel());
            }
            case PROHIBITION_ADDED -> {
                ProhibitionAdded added = event.body(ProhibitionAdded.class);
                Collection<Channel> channels = added.channels().isEmpty()
                        ? Arrays.asList(Channel.values()) : added.channels();
                restrictAndAcknowledge(event, added.customerId(), added.scope().purposes(), channels,
                        added.addedAt(), MarketingRestrictions.prohibition(added.prohibitionId()));
            }
            case PROHIBITION_LIFTED -> {
                ProhibitionLifted lifted = event.body(ProhibitionLifted.class);
                restrictions.liftOrigin(lifted.customerId(), MarketingRestrictions.prohibition(lifted.prohibitionId()));
            }
            default -> {
                // Events of other topics' types never arrive here; the inbox has rejected unknown ones.
            }
        }
    }

    private void restrictAndAcknowledge(InboundEvent event, UUID customerId, Collection<Purpose> purposes,
            Collection<Channel> channels, Instant since, String origin) {
        Customer customer = Customer.findById(customerId);
        // An erased customer's tombstone holds nothing a restriction could apply to.
        boolean held = customer != null && customer.status != CustomerStatus.ERASED;
        if (held) {
            restrictions.restrict(customerId, purposes, channels, since, origin);
        }
        acknowledgements.acknowledgeEvent(event.uuid(), customerId,
                List.of(CategoryOutcome.of(held ? AckOutcome.APPLIED : AckOutcome.NOT_HELD)));
    }

    @Override
    public List<ChannelHandler> replayableChannels() {
        return List.of(consentEvents());
    }

    private ChannelHandler consentEvents() {
        return new ChannelHandler("consent-events", CONSUMER, this::apply);
    }
}
