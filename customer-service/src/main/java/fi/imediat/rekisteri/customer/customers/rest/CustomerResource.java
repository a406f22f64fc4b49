package fi.imediat.rekisteri.customer.customers.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import fi.imediat.rekisteri.customer.common.Invalid;
import fi.imediat.rekisteri.customer.common.MergePatch;
import fi.imediat.rekisteri.customer.common.Page;
import fi.imediat.rekisteri.customer.contacts.domain.Normalised;
import fi.imediat.rekisteri.customer.customers.service.CustomerService.SearchKey;
import fi.imediat.rekisteri.customer.customers.domain.DataSource;
import fi.imediat.rekisteri.customer.customers.service.CustomerData;
import fi.imediat.rekisteri.customer.customers.service.CustomerRecord;
import fi.imediat.rekisteri.customer.customers.service.CustomerService;
import fi.imediat.rekisteri.platform.audit.ProcessingPurpose;
import fi.imediat.rekisteri.platform.security.Caller;
import fi.imediat.rekisteri.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.Validator;
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
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

@Path("/customers")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Customers")
public class CustomerResource {

    /** The members a merge patch may set: the fields of {@link CustomerData}. */
    private static final Set<String> PATCHABLE = Stream.of(CustomerData.class.getRecordComponents())
            .map(RecordComponent::getName).collect(Collectors.toUnmodifiableSet());

    private final CustomerService customers;
    private final Caller caller;
    private final Validator validator;
    private final ObjectMapper json;
    private final ObjectReader customerData;

    CustomerResource(CustomerService customers, Caller caller,
            Validator validator, ObjectMapper json) {
        this.customers = customers;
        this.caller = caller;
        this.validator = validator;
        this.json = json;
        this.customerData = json.readerFor(CustomerData.class)
                .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    @POST
    @RolesAllowed({Roles.AGENT, Roles.SERVICE, Roles.CUSTOMER})
    @Operation(summary = "Register a customer",
            description = "Basic data with several addresses, e-mails (lower-cased, unique among active customers: "
                    + "409) and phones (stored in E.164), one of each primary; username unique case-insensitively "
                    + "(409); interests and a self-description. Every value records `source` (default "
                    + "REGISTRATION). Publishes customer.registered. A data subject (customer role) registers "
                    + "themselves: the record is linked to their token, once, with source SELF.")
    @APIResponse(responseCode = "201", description = "Registered; Location names the new customer")
    public Response register(@Valid @NotNull RegisterCustomerRequest request, @Context UriInfo uri) {
        CustomerData data = Invalid.check(validator, request.toData());
        CustomerRecord registered = caller.isDataSubject()
                ? customers.register(data, DataSource.SELF, caller.subject())
                : customers.register(data, request.source() == null ? DataSource.REGISTRATION : request.source(),
                        null);
        return Response.created(uri.getAbsolutePathBuilder().path(registered.customer().id.toString()).build())
                .entity(CustomerResponse.of(registered)).build();
    }

    @GET
    @RolesAllowed({Roles.AGENT, Roles.SERVICE, Roles.PRIVACY_OFFICER})
    @Operation(summary = "Find customers by exactly one of username, e-mail, phone or customer number",
            description = "Exact match only, the value normalised as stored (e-mail lower-cased, phone to E.164, "
                    + "username case-insensitive); never a listing of the register: no criterion, or more than one, "
                    + "is 400. Every customer found is audited as read. Erased customers are not found.")
    public Page<CustomerResponse> search(@QueryParam("username") String username, @QueryParam("email") String email,
            @QueryParam("phone") String phone, @QueryParam("customerNumber") String customerNumber,
            @QueryParam("cursor") String cursor,
            @QueryParam("limit") @DefaultValue("20") @Min(1) @Max(Page.MAX_LIMIT) int limit) {
        Map<SearchKey, String> criteria = new EnumMap<>(SearchKey.class);
        Stream.of(Map.entry(SearchKey.USERNAME, Optional.ofNullable(username)),
                        Map.entry(SearchKey.EMAIL, Optional.ofNullable(email)),
                        Map.entry(SearchKey.PHONE, Optional.ofNullable(phone)),
                        Map.entry(SearchKey.CUSTOMER_NUMBER, Optional.ofNullable(customerNumber)))
                .filter(c -> c.getValue().filter(v -> !v.isBlank()).isPresent())
                .forEach(c -> criteria.put(c.getKey(), c.getValue().get().trim()));
        if (criteria.size() != 1) {
            throw Invalid.field("username|email|phone|customerNumber", "exactly one search criterion is required");
        }
        SearchKey key = criteria.keySet().iterator().next();
        String value = switch (key) {
            case EMAIL -> Normalised.email(criteria.get(key));
            case PHONE -> Normalised.phone(criteria.get(key))
                    .orElseThrow(() -> Invalid.field("phone", "is not a phone number"));
            case CUSTOMER_NUMBER -> {
                if (!criteria.get(key).matches("[0-9]{1,18}")) {
                    throw Invalid.field("customerNumber", "must be a number");
                }
                yield criteria.get(key);
            }
            case USERNAME -> criteria.get(key);
        };
        return Page.of(customers.search(key, value, Page.after(cursor), limit + 1), limit,
                r -> r.customer().customerNumber, CustomerResponse::of);
    }

    @GET
    @Path("/me")
    @RolesAllowed(Roles.CUSTOMER)
    @Operation(summary = "Read your own record", description = "For a data subject (customer role): the record they "
            + "registered themselves, found by their token, so a lost customer id is no obstacle; 404 when they have "
            + "not registered (or were erased).")
    public CustomerResponse me() {
        return CustomerResponse.of(customers.readOwn());
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.AGENT, Roles.SERVICE, Roles.PRIVACY_OFFICER, Roles.CUSTOMER})
    @Operation(summary = "Read a customer's record", description = "Basic data with provenance, age derived from "
            + "the birth date, identification and self-given data. A data subject reads only their own.")
    public CustomerResponse get(@PathParam("id") UUID id) {
        return CustomerResponse.of(customers.read(id, ProcessingPurpose.CUSTOMER_RELATIONSHIP));
    }

    @PATCH
    @Path("/{id}")
    @Consumes({MergePatch.MEDIA_TYPE, MediaType.APPLICATION_JSON})
    @RolesAllowed({Roles.AGENT, Roles.SERVICE, Roles.PRIVACY_OFFICER, Roles.CUSTOMER})
    @Operation(summary = "Rectify a customer's data (JSON Merge Patch, RFC 7396)",
            description = "Members: firstName, lastName, birthDate, occupation, username, addresses, emails, phones,"
                    + " interests, selfDescription; null removes, a list replaces the whole list (values that stay "
                    + "keep their provenance). Changed values get `source` (a data subject's own changes are SELF) "
                    + "and the time. Publishes customer.updated naming the changed categories. 409 for a username or"
                    + " e-mail someone else has.")
    public CustomerResponse rectify(@PathParam("id") UUID id,
            @Parameter(description = "Where the new values come from; default CUSTOMER_SERVICE")
            @QueryParam("source") DataSource source, String body) throws JsonProcessingException {
        JsonNode patch = json.readTree(body == null ? "" : body);
        if (patch == null || !patch.isObject()) {
            throw Invalid.field("(body)", "must be a JSON object");
        }
        for (Iterator<String> members = patch.fieldNames(); members.hasNext(); ) {
            String member = members.next();
            if (!PATCHABLE.contains(member)) {
                throw Invalid.field(member, "is not a field that can be changed");
            }
        }
        DataSource changedBy = caller.isDataSubject() ? DataSource.SELF
                : source == null ? DataSource.CUSTOMER_SERVICE : source;
        return CustomerResponse.of(customers.rectify(id, current -> patched(current, patch), changedBy));
    }

    private CustomerData patched(CustomerData current, JsonNode patch) {
        JsonNode merged = MergePatch.apply(json.valueToTree(current), patch);
        try {
            return Invalid.check(validator, customerData.readValue(merged));
        } catch (JsonMappingException e) {
            String field = e.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
            throw Invalid.field(field.isEmpty() ? "(body)" : field, "has a value of the wrong type or format");
        } catch (IOException e) {
            throw Invalid.field("(body)", "is not a customer");
        }
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
