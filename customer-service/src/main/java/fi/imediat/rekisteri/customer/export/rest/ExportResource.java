package fi.imediat.rekisteri.customer.export.rest;

import fi.imediat.rekisteri.customer.analytics.service.Analytics;
import fi.imediat.rekisteri.customer.billing.domain.Invoice;
import fi.imediat.rekisteri.customer.billing.rest.BillingResource.InvoiceView;
import fi.imediat.rekisteri.customer.customers.rest.CustomerResponse;
import fi.imediat.rekisteri.customer.customers.service.CustomerRecord;
import fi.imediat.rekisteri.customer.customers.service.CustomerService;
import fi.imediat.rekisteri.customer.marketing.service.MarketingRestrictions;
import fi.imediat.rekisteri.customer.subscriptions.rest.CustomershipViews.BenefitUseView;
import fi.imediat.rekisteri.customer.subscriptions.rest.CustomershipViews.ServiceIdentifierView;
import fi.imediat.rekisteri.customer.subscriptions.rest.CustomershipViews.SubscriptionView;
import fi.imediat.rekisteri.customer.subscriptions.service.Customership;
import fi.imediat.rekisteri.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

@Path("/customers/{id}/export")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Customers")
public class ExportResource {

    private final CustomerService customers;
    private final Customership customership;
    private final MarketingRestrictions restrictions;
    private final Analytics analytics;
    private final Clock clock;

    ExportResource(CustomerService customers, Customership customership, MarketingRestrictions restrictions,
            Analytics analytics, Clock clock) {
        this.clock = clock;
        this.analytics = analytics;
        this.customers = customers;
        this.customership = customership;
        this.restrictions = restrictions;
    }

    @GET
    @Transactional
    @RolesAllowed({Roles.AGENT, Roles.EXPORTER, Roles.PRIVACY_OFFICER, Roles.CUSTOMER})
    @Operation(summary = "Everything this service holds about the customer",
            description = "customer-service's part of an access request (GDPR art. 15), as one JSON document, read in"
                    + " one transaction; audited as EXPORT. After an erasure: the tombstone and the invoices kept "
                    + "for accounting law (restricted). A data subject exports only their own.")
    public CustomerExport export(@PathParam("id") UUID id) {
        CustomerRecord record = customers.export(id, CustomerExport.CATEGORIES);
        return new CustomerExport(Instant.now(clock), "customer-service", CustomerExport.CATEGORIES,
                CustomerResponse.of(record),
                customership.allSubscriptions(id).stream().map(SubscriptionView::of).toList(),
                customership.allIdentifiers(id).stream().map(ServiceIdentifierView::of).toList(),
                customership.allBenefitUses(id).stream().map(BenefitUseView::of).toList(),
                Invoice.all(id).stream().map(InvoiceView::of).toList(),
                analytics.all(id),
                restrictions.ofCustomer(id));
    }
}
