package fi.imediat.rekisteri.customer.export.rest;

import fi.imediat.rekisteri.customer.analytics.service.Analytics.UsageEvent;
import fi.imediat.rekisteri.customer.billing.rest.BillingResource.InvoiceView;
import fi.imediat.rekisteri.customer.customers.rest.CustomerResponse;
import fi.imediat.rekisteri.customer.marketing.service.MarketingRestrictions.Restriction;
import fi.imediat.rekisteri.customer.subscriptions.rest.CustomershipViews.BenefitUseView;
import fi.imediat.rekisteri.customer.subscriptions.rest.CustomershipViews.ServiceIdentifierView;
import fi.imediat.rekisteri.customer.subscriptions.rest.CustomershipViews.SubscriptionView;
import fi.imediat.rekisteri.events.DataCategory;

import java.time.Instant;
import java.util.List;

/**
 * customer-service's part of an access request: every category it holds about the person. Invoices kept after an
 * erasure for accounting law are included, marked {@code restricted}.
 */
public record CustomerExport(Instant generatedAt, String holder, List<DataCategory> categories,
        CustomerResponse customer, List<SubscriptionView> subscriptions,
        List<ServiceIdentifierView> serviceIdentifiers, List<BenefitUseView> benefitUses,
        List<InvoiceView> invoices, List<UsageEvent> analyticsEvents, List<Restriction> marketingRestrictions) {

    static final List<DataCategory> CATEGORIES = List.of(DataCategory.BASIC_DATA, DataCategory.IDENTIFICATION,
            DataCategory.CUSTOMERSHIP, DataCategory.BILLING, DataCategory.ANALYTICS,
            DataCategory.MARKETING_PERMISSIONS, DataCategory.SELF_GIVEN);
}
