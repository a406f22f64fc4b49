package fi.imediat.rekisteri.customer.customers.rest;

import fi.imediat.rekisteri.customer.customers.domain.Customer;
import fi.imediat.rekisteri.customer.customers.service.CustomerService;
import fi.imediat.rekisteri.customer.marketing.service.MarketingRestrictions;
import fi.imediat.rekisteri.platform.audit.ProcessingPurpose;
import fi.imediat.rekisteri.platform.security.Caller;
import fi.imediat.rekisteri.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.core.Context;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.util.UUID;

@Path("/customers")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Customers")
public class CustomerResource {

    private final CustomerService customers;
    private final MarketingRestrictions restrictions;
    private final Caller caller;

    CustomerResource(CustomerService customers, MarketingRestrictions restrictions, Caller caller) {
        this.customers = customers;
        this.restrictions = restrictions;
        this.caller = caller;
    }

    @POST
    @RolesAllowed({Roles.AGENT, Roles.SERVICE, Roles.CUSTOMER})
    @Operation(summary = "Register a customer",
            description = "Publishes customer.registered. A data subject (customer role) registers themselves: the "
                    + "record is linked to their token, once.")
    @APIResponse(responseCode = "201", description = "Registered; Location names the new customer")
    public Response register(@Valid @NotNull RegisterCustomerRequest request, @Context UriInfo uri) {
        Customer customer = customers.register(caller.isDataSubject()
                ? request.toSelfRegistration(caller.subject()) : request.toRegistration());
        return Response.created(uri.getAbsolutePathBuilder().path(customer.id.toString()).build())
                .entity(CustomerResponse.of(customer)).build();
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.AGENT, Roles.SERVICE, Roles.PRIVACY_OFFICER, Roles.CUSTOMER})
    @Operation(summary = "Read a customer's basic data", description = "A data subject reads only their own.")
    public CustomerResponse get(@PathParam("id") UUID id) {
        return CustomerResponse.of(customers.read(id, ProcessingPurpose.CUSTOMER_RELATIONSHIP));
    }

    @GET
    @Path("/{id}/export")
    @RolesAllowed({Roles.AGENT, Roles.SERVICE, Roles.PRIVACY_OFFICER, Roles.CUSTOMER})
    @Operation(summary = "Everything this service holds about the customer",
            description = "customer-service's part of an access request (GDPR art. 15), as one JSON document. "
                    + "A data subject exports only their own.")
    public CustomerExport export(@PathParam("id") UUID id) {
        Customer customer = customers.export(id, CustomerExport.CATEGORIES);
        return new CustomerExport(Instant.now(), "customer-service", CustomerExport.CATEGORIES,
                CustomerResponse.of(customer), restrictions.ofCustomer(id));
    }

    @POST
    @Path("/{id}/closure")
    @RolesAllowed({Roles.AGENT, Roles.SERVICE, Roles.PRIVACY_OFFICER})
    @Operation(summary = "Close the account",
            description = "Ends the customer relationship and starts the retention clock; publishes customer.closed,"
                    + " which every holder acknowledges (see retention-service GET /propagation/{eventId}).")
    public ClosureResponse close(@PathParam("id") UUID id, @Valid @NotNull CloseAccountRequest request) {
        return ClosureResponse.of(customers.close(id, request.reason()));
    }
}
