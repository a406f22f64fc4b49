package fi.imediat.rekisteri.customer.subscriptions.rest;

import fi.imediat.rekisteri.customer.common.MergePatch;
import fi.imediat.rekisteri.customer.common.Page;
import fi.imediat.rekisteri.customer.subscriptions.rest.CustomershipViews.BenefitUseView;
import fi.imediat.rekisteri.customer.subscriptions.rest.CustomershipViews.ServiceIdentifierView;
import fi.imediat.rekisteri.customer.subscriptions.rest.CustomershipViews.SubscriptionView;
import fi.imediat.rekisteri.customer.subscriptions.service.Customership;
import fi.imediat.rekisteri.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
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

import java.util.UUID;

/** Services acquired, service authentication identifiers and benefit use: the customership category. */
@Path("/customers/{id}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Customership")
public class CustomershipResource {

    private final Customership customership;

    CustomershipResource(Customership customership) {
        this.customership = customership;
    }

    @POST
    @Path("/subscriptions")
    @RolesAllowed({Roles.AGENT, Roles.SERVICE})
    @Operation(summary = "Start a service (subscription)", description = "Publishes subscription.started. For a "
            + "closed customer this reopens the relationship: the customer is ACTIVE again.")
    public Response start(@PathParam("id") UUID id, @Valid @NotNull CustomershipRequests.StartSubscription request) {
        return Response.status(Response.Status.CREATED).entity(SubscriptionView.of(customership.start(id,
                request.productCode(), request.startDate(), request.endDate()))).build();
    }

    @PATCH
    @Path("/subscriptions/{subscriptionId}")
    @Consumes({MergePatch.MEDIA_TYPE, MediaType.APPLICATION_JSON})
    @RolesAllowed({Roles.AGENT, Roles.SERVICE})
    @Operation(summary = "End a service", description = "`{endDate}` (default today); publishes "
            + "subscription.ended; 409 if it has ended already.")
    public SubscriptionView end(@PathParam("id") UUID id, @PathParam("subscriptionId") UUID subscriptionId,
            @Valid @NotNull CustomershipRequests.EndSubscription request) {
        return SubscriptionView.of(customership.end(id, subscriptionId, request.endDate()));
    }

    @GET
    @Path("/subscriptions")
    @RolesAllowed({Roles.AGENT, Roles.SERVICE, Roles.PRIVACY_OFFICER, Roles.CUSTOMER})
    @Operation(summary = "The customer's services, oldest first", description = "Paged: pass `nextCursor` as "
            + "`cursor`. A data subject lists only their own.")
    public Page<SubscriptionView> subscriptions(@PathParam("id") UUID id, @QueryParam("cursor") String cursor,
            @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(Page.MAX_LIMIT) int limit) {
        return Page.of(customership.subscriptions(id, Page.after(cursor), limit + 1), limit, s -> s.seq,
                SubscriptionView::of);
    }

    @POST
    @Path("/service-identifiers")
    @RolesAllowed({Roles.AGENT, Roles.SERVICE})
    @Operation(summary = "Record how a service identifies the customer", description = "409 if that service's "
            + "identifier belongs to a customer already.")
    public Response addIdentifier(@PathParam("id") UUID id,
            @Valid @NotNull CustomershipRequests.AddServiceIdentifier request) {
        return Response.status(Response.Status.CREATED).entity(ServiceIdentifierView.of(
                customership.addIdentifier(id, request.service(), request.identifier()))).build();
    }

    @GET
    @Path("/service-identifiers")
    @RolesAllowed({Roles.AGENT, Roles.SERVICE, Roles.PRIVACY_OFFICER, Roles.CUSTOMER})
    @Operation(summary = "The customer's service authentication identifiers, paged")
    public Page<ServiceIdentifierView> identifiers(@PathParam("id") UUID id, @QueryParam("cursor") String cursor,
            @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(Page.MAX_LIMIT) int limit) {
        return Page.of(customership.identifiers(id, Page.after(cursor), limit + 1), limit, i -> i.seq,
                ServiceIdentifierView::of);
    }

    @POST
    @Path("/benefit-uses")
    @RolesAllowed({Roles.AGENT, Roles.SERVICE})
    @Operation(summary = "Record the use of a customer benefit", description = "`{benefitCode, usedAt}`; "
            + "usedAt defaults to now.")
    public Response recordBenefitUse(@PathParam("id") UUID id,
            @Valid @NotNull CustomershipRequests.RecordBenefitUse request) {
        return Response.status(Response.Status.CREATED).entity(BenefitUseView.of(
                customership.recordBenefitUse(id, request.benefitCode(), request.usedAt()))).build();
    }

    @GET
    @Path("/benefit-uses")
    @RolesAllowed({Roles.AGENT, Roles.SERVICE, Roles.PRIVACY_OFFICER, Roles.CUSTOMER})
    @Operation(summary = "The customer's use of benefits, oldest first, paged")
    public Page<BenefitUseView> benefitUses(@PathParam("id") UUID id, @QueryParam("cursor") String cursor,
            @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(Page.MAX_LIMIT) int limit) {
        return Page.of(customership.benefitUses(id, Page.after(cursor), limit + 1), limit, u -> u.seq,
                BenefitUseView::of);
    }
}
