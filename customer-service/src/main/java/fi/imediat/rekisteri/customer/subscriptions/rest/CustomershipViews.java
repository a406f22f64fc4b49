package fi.imediat.rekisteri.customer.subscriptions.rest;

import fi.imediat.rekisteri.customer.subscriptions.domain.BenefitUse;
import fi.imediat.rekisteri.customer.subscriptions.domain.ServiceIdentifier;
import fi.imediat.rekisteri.customer.subscriptions.domain.Subscription;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** What the customership endpoints (and the export) return. */
public final class CustomershipViews {

    private CustomershipViews() {
    }

    public record SubscriptionView(UUID id, String productCode, LocalDate startDate, LocalDate endDate,
            Subscription.State state, Instant createdAt) {

        public static SubscriptionView of(Subscription s) {
            return new SubscriptionView(s.id, s.productCode, s.startDate, s.endDate, s.state, s.createdAt);
        }
    }

    public record ServiceIdentifierView(UUID id, String service, String identifier, Instant createdAt) {

        public static ServiceIdentifierView of(ServiceIdentifier i) {
            return new ServiceIdentifierView(i.id, i.service, i.identifier, i.createdAt);
        }
    }

    public record BenefitUseView(UUID id, String benefitCode, Instant usedAt) {

        public static BenefitUseView of(BenefitUse u) {
            return new BenefitUseView(u.id, u.benefitCode, u.usedAt);
        }
    }
}
