package fi.imediat.rekisteri.customer.billing.rest;

import fi.imediat.rekisteri.customer.billing.domain.Invoice;
import fi.imediat.rekisteri.customer.billing.service.Billing;
import fi.imediat.rekisteri.customer.common.MergePatch;
import fi.imediat.rekisteri.customer.common.Page;
import fi.imediat.rekisteri.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

@Path("/customers/{id}/invoices")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Billing")
public class BillingResource {

    /** {@code issuedOn} defaults to today; {@code collectionState} to NONE. */
    public record AddInvoice(@NotBlank @Size(max = 40) @Pattern(regexp = "[A-Za-z0-9-]+") String number,
            @NotNull Long amountCents,
            @NotNull @Pattern(regexp = "[A-Z]{3}") String currency,
            LocalDate issuedOn,
            @NotNull LocalDate dueDate,
            Instant paidAt,
            Invoice.CollectionState collectionState,
            @Size(max = 100) String collectionAgency) {
    }

    /** The values to change; those not given stay. */
    public record UpdateInvoice(Instant paidAt, Invoice.CollectionState collectionState,
            @Size(max = 100) String collectionAgency) {
    }

    /** {@code restricted}: kept only for accounting law after an erasure (shown in an export only). */
    public record InvoiceView(UUID id, String number, long amountCents, String currency, LocalDate issuedOn,
            LocalDate dueDate, Instant paidAt, Invoice.CollectionState collectionState, String collectionAgency,
            boolean restricted) {

        public static InvoiceView of(Invoice i) {
            return new InvoiceView(i.id, i.number, i.amountCents, i.currency, i.issuedOn, i.dueDate, i.paidAt,
                    i.collectionState, i.collectionAgency, i.restrictedAt != null);
        }
    }

    private final Billing billing;

    BillingResource(Billing billing) {
        this.billing = billing;
    }

    @POST
    @RolesAllowed({Roles.AGENT, Roles.SERVICE})
    @Operation(summary = "Record an invoice", description = "Invoice numbers are unique (409).")
    public Response add(@PathParam("id") UUID id, @Valid @NotNull AddInvoice request) {
        Invoice invoice = billing.add(id, new Billing.NewInvoice(request.number(), request.amountCents(),
                request.currency(), request.issuedOn(), request.dueDate(), request.paidAt(), request.collectionState(),
                request.collectionAgency()));
        return Response.status(Response.Status.CREATED).entity(InvoiceView.of(invoice)).build();
    }

    @PATCH
    @Path("/{invoiceId}")
    @Consumes({MergePatch.MEDIA_TYPE, MediaType.APPLICATION_JSON})
    @RolesAllowed({Roles.AGENT, Roles.SERVICE})
    @Operation(summary = "Record a payment or a debt-collection step",
            description = "`{paidAt, collectionState, collectionAgency}`; the members given replace the invoice's.")
    public InvoiceView update(@PathParam("id") UUID id, @PathParam("invoiceId") UUID invoiceId,
            @Valid @NotNull UpdateInvoice request) {
        return InvoiceView.of(billing.update(id, invoiceId, request.paidAt(), request.collectionState(),
                request.collectionAgency()));
    }

    @GET
    @RolesAllowed({Roles.AGENT, Roles.SERVICE, Roles.PRIVACY_OFFICER, Roles.CUSTOMER})
    @Operation(summary = "The customer's invoices, oldest first, paged",
            description = "Restricted invoices (kept after an erasure for accounting law) are not listed.")
    public Page<InvoiceView> list(@PathParam("id") UUID id, @QueryParam("cursor") String cursor,
            @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(Page.MAX_LIMIT) int limit) {
        return Page.of(billing.invoices(id, Page.after(cursor), limit + 1), limit, i -> i.seq, InvoiceView::of);
    }
}
