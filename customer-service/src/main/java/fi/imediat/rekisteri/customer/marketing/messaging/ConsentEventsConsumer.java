package fi.imediat.rekisteri.customer.marketing.messaging;

import fi.imediat.rekisteri.customer.customers.domain.Customer;
import fi.imediat.rekisteri.customer.marketing.service.MarketingRestrictions;
import fi.imediat.rekisteri.events.AckOutcome;
import fi.imediat.rekisteri.events.ConsentGranted;
import fi.imediat.rekisteri.events.ConsentWithdrawn;
import fi.imediat.rekisteri.events.HolderAcknowledged.CategoryOutcome;
import fi.imediat.rekisteri.platform.holder.HolderAcknowledgements;
import fi.imediat.rekisteri.platform.inbox.Inbox;
import fi.imediat.rekisteri.platform.inbox.InboundEvent;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.List;

/** Applies consent-service's changes to this holder's use of customer data, and acknowledges withdrawals. */
@ApplicationScoped
public class ConsentEventsConsumer {

    private static final String CONSUMER = "customer-service/consent-events";

    private final Inbox inbox;
    private final MarketingRestrictions restrictions;
    private final HolderAcknowledgements acknowledgements;

    ConsentEventsConsumer(Inbox inbox, MarketingRestrictions restrictions, HolderAcknowledgements acknowledgements) {
        this.inbox = inbox;
        this.restrictions = restrictions;
        this.acknowledgements = acknowledgements;
    }

    @Incoming("consent-events")
    @Blocking
    @Transactional
    public void onConsentEvent(ConsumerRecord<String, String> record) {
        inbox.firstDelivery(CONSUMER, record).ifPresent(this::apply);
    }

    private void apply(InboundEvent event) {
        switch (event.type()) {
            case CONSENT_WITHDRAWN -> {
                ConsentWithdrawn withdrawn = event.body(ConsentWithdrawn.class);
                boolean held = Customer.findById(withdrawn.customerId()) != null;
                if (held) {
                    restrictions.restrict(withdrawn.customerId(), withdrawn.purpose(), withdrawn.channel(),
                            withdrawn.withdrawnAt());
                }
                acknowledgements.acknowledgeEvent(event.uuid(), withdrawn.customerId(),
                        List.of(CategoryOutcome.of(held ? AckOutcome.APPLIED : AckOutcome.NOT_HELD)));
            }
            case CONSENT_GRANTED -> {
                ConsentGranted granted = event.body(ConsentGranted.class);
                restrictions.lift(granted.customerId(), granted.purpose(), granted.channel());
            }
            default -> {
                // Prohibitions are applied with the customer register's marketing reads (customer-service issue).
            }
        }
    }
}
