package fi.imediat.rekisteri.customer.marketing.messaging;

import fi.imediat.rekisteri.customer.customers.domain.Customer;
import fi.imediat.rekisteri.customer.marketing.service.MarketingRestrictions;
import fi.imediat.rekisteri.customer.marketing.service.MarketingRestrictions.Imposed;
import fi.imediat.rekisteri.events.AckOutcome;
import fi.imediat.rekisteri.events.Channel;
import fi.imediat.rekisteri.events.ConsentGranted;
import fi.imediat.rekisteri.events.ConsentWithdrawn;
import fi.imediat.rekisteri.events.HolderAcknowledged.CategoryOutcome;
import fi.imediat.rekisteri.events.ProhibitionAdded;
import fi.imediat.rekisteri.events.ProhibitionLifted;
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

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionStage;

/**
 * Applies consent-service's changes to this holder's use of customer data: a withdrawal or a prohibition
 * restricts marketing use at once, and both are acknowledged to retention-service. A poll's events of distinct
 * customers are applied together: one statement each for the customers held, their restrictions and audit rows,
 * and one batch of acknowledgements.
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

    /** A run of events of distinct customers: their restrictions, audit rows and acknowledgements as sets. */
    private void apply(List<InboundEvent> run) {
        List<Restriction> restrictionsToImpose = new ArrayList<>();
        for (InboundEvent event : run) {
            switch (event.type()) {
                case CONSENT_WITHDRAWN -> {
                    ConsentWithdrawn withdrawn = event.body(ConsentWithdrawn.class);
                    restrictionsToImpose.add(new Restriction(event.uuid(), new Imposed(withdrawn.customerId(),
                            Set.of(withdrawn.purpose()), Set.of(withdrawn.channel()), withdrawn.withdrawnAt(),
                            MarketingRestrictions.CONSENT)));
                }
                case CONSENT_GRANTED -> {
                    ConsentGranted granted = event.body(ConsentGranted.class);
                    restrictions.liftConsentRestriction(granted.customerId(), granted.purpose(), granted.channel());
                }
                case PROHIBITION_ADDED -> {
                    ProhibitionAdded added = event.body(ProhibitionAdded.class);
                    Collection<Channel> channels = added.channels().isEmpty()
                            ? Arrays.asList(Channel.values()) : added.channels();
                    restrictionsToImpose.add(new Restriction(event.uuid(), new Imposed(added.customerId(),
                            added.scope().purposes(), channels, added.addedAt(),
                            MarketingRestrictions.prohibition(added.prohibitionId()))));
                }
                case PROHIBITION_LIFTED -> {
                    ProhibitionLifted lifted = event.body(ProhibitionLifted.class);
                    restrictions.liftOrigin(lifted.customerId(),
                            MarketingRestrictions.prohibition(lifted.prohibitionId()));
                }
                default -> {
                    // Events of other topics' types never arrive here; the inbox has rejected unknown ones.
                }
            }
        }
        restrictAndAcknowledge(restrictionsToImpose);
    }

    /** A restriction an event imposes; the event is acknowledged with whether this service held the customer. */
    private record Restriction(UUID eventId, Imposed imposed) {
    }

    private void restrictAndAcknowledge(List<Restriction> toImpose) {
        if (toImpose.isEmpty()) {
            return;
        }
        Set<UUID> held = Customer.heldAmong(toImpose.stream().map(r -> r.imposed().customerId()).toList());
        restrictions.restrict(toImpose.stream().map(Restriction::imposed)
                .filter(imposed -> held.contains(imposed.customerId())).toList());
        for (Restriction restriction : toImpose) {
            UUID customerId = restriction.imposed().customerId();
            acknowledgements.acknowledgeEvent(restriction.eventId(), customerId, List.of(
                    CategoryOutcome.of(held.contains(customerId) ? AckOutcome.APPLIED : AckOutcome.NOT_HELD)));
        }
    }

    @Override
    public List<ChannelHandler> replayableChannels() {
        return List.of(consentEvents());
    }

    private ChannelHandler consentEvents() {
        return ChannelHandler.asSets("consent-events", CONSUMER, this::apply);
    }
}
