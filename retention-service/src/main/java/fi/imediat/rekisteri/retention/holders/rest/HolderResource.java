package fi.imediat.rekisteri.retention.holders.rest;

import com.fasterxml.jackson.annotation.JsonFormat;
import fi.imediat.rekisteri.events.DataCategory;
import fi.imediat.rekisteri.platform.audit.AuditAction;
import fi.imediat.rekisteri.platform.audit.AuditTrail;
import fi.imediat.rekisteri.platform.audit.ProcessingPurpose;
import fi.imediat.rekisteri.platform.problem.ProblemException;
import fi.imediat.rekisteri.platform.security.Caller;
import fi.imediat.rekisteri.platform.security.Roles;
import fi.imediat.rekisteri.retention.holders.domain.ExportUrlPolicy;
import fi.imediat.rekisteri.retention.holders.domain.Holder;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

@Path("/holders")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Holders")
public class HolderResource {

    /** The services of the set are holders by definition; they cannot be unregistered. */
    private static final Set<String> BUILT_IN = Set.of("customer-service", "consent-service", "retention-service");

    /** A holder as published: which categories it keeps, how fast it must acknowledge, where it exports. */
    public record HolderResponse(String id, String description, List<String> categories,
            boolean acknowledgementRequired,
            @JsonFormat(shape = JsonFormat.Shape.STRING) Duration acknowledgementDeadline, String exportUrl,
            Instant registeredAt, Instant updatedAt) {

        static HolderResponse of(Holder h) {
            return new HolderResponse(h.id, h.description, h.categories, h.acknowledgementRequired,
                    h.acknowledgementDeadline, h.exportUrl, h.registeredAt, h.updatedAt);
        }
    }

    /** A system registering itself (or registered by a privacy officer) as a holder of customer data. */
    public record HolderRegistration(
            @NotBlank @Pattern(regexp = "[a-z0-9][a-z0-9-]{1,62}") String id,
            @NotBlank @Size(max = 200) String description,
            @NotEmpty @Size(max = 7) List<@NotNull DataCategory> categories,
            boolean acknowledgementRequired,
            @NotNull Duration acknowledgementDeadline,
            @Size(max = 500) String exportUrl) {
    }

    /** A registration's new state (every field; {@code exportUrl} null or absent removes it). */
    public record HolderUpdate(
            @NotBlank @Size(max = 200) String description,
            @NotEmpty @Size(max = 7) List<@NotNull DataCategory> categories,
            @NotNull Boolean acknowledgementRequired,
            @NotNull Duration acknowledgementDeadline,
            @Size(max = 500) String exportUrl) {
    }

    private final Caller caller;
    private final SecurityIdentity identity;
    private final AuditTrail audit;
    private final ExportUrlPolicy exportUrls;
    private final Clock clock;

    HolderResource(Caller caller, SecurityIdentity identity, AuditTrail audit, ExportUrlPolicy exportUrls,
            Clock clock) {
        this.clock = clock;
        this.caller = caller;
        this.identity = identity;
        this.audit = audit;
        this.exportUrls = exportUrls;
    }

    @GET
    @RolesAllowed({Roles.PRIVACY_OFFICER, Roles.SERVICE})
    @Operation(summary = "Registered holders of customer data")
    public List<HolderResponse> list() {
        return Holder.all().stream().map(HolderResponse::of).toList();
    }

    @POST
    @Transactional
    @RolesAllowed({Roles.PRIVACY_OFFICER, Roles.DATA_HOLDER})
    @Operation(summary = "Register a holder", description = "From now on it receives every withdrawal, prohibition, "
            + "closure and erasure, and (if required) must acknowledge each within its deadline. With an exportUrl "
            + "(an https URL containing {customerId}, to a host on the allow-list; set by a privacy officer only) "
            + "retention-service fetches its part of an access request there.")
    @APIResponse(responseCode = "201", description = "Registered")
    public Response register(@Valid @NotNull HolderRegistration registration) {
        if (Holder.findById(registration.id()) != null) {
            throw ProblemException.conflict("holder-exists", "Holder " + registration.id() + " is registered");
        }
        checkRules(registration.acknowledgementDeadline(), null, registration.exportUrl());
        Holder holder = new Holder();
        holder.id = registration.id();
        holder.registeredBy = caller.subject();
        // Set here rather than by the column's default, so that the answer carries it without a re-read.
        holder.registeredAt = clock.instant();
        apply(holder, registration.description(), registration.categories(), registration.acknowledgementRequired(),
                registration.acknowledgementDeadline(), registration.exportUrl());
        holder.persist();
        audit.record("holder.register", null, registration.categories(), AuditAction.CREATE,
                ProcessingPurpose.SUPERVISION);
        return Response.created(URI.create("/holders/" + holder.id)).entity(HolderResponse.of(holder)).build();
    }

    @PUT
    @Path("/{id}")
    @Transactional
    @RolesAllowed({Roles.PRIVACY_OFFICER, Roles.DATA_HOLDER})
    @Operation(summary = "Change a holder's registration", description = "Categories, whether and how fast it must "
            + "acknowledge, and its export URL. A holder system's service account may change only the holder it "
            + "registered; events already sent keep the deadlines they were given.")
    public HolderResponse update(@PathParam("id") String id, @Valid @NotNull HolderUpdate update) {
        Holder holder = Holder.findById(id);
        if (holder == null || !identity.hasRole(Roles.PRIVACY_OFFICER) && !caller.owns(holder.registeredBy)) {
            throw ProblemException.notFound("Holder " + id);
        }
        checkRules(update.acknowledgementDeadline(), holder.exportUrl, update.exportUrl());
        apply(holder, update.description(), update.categories(), update.acknowledgementRequired(),
                update.acknowledgementDeadline(), update.exportUrl());
        holder.updatedAt = clock.instant();
        audit.record("holder.update", null, update.categories(), AuditAction.UPDATE, ProcessingPurpose.SUPERVISION);
        return HolderResponse.of(holder);
    }

    @DELETE
    @Path("/{id}")
    @Transactional
    @RolesAllowed(Roles.PRIVACY_OFFICER)
    @Operation(summary = "Unregister a holder", description = "Events from now on no longer wait for it.")
    @APIResponse(responseCode = "204", description = "Unregistered")
    public void unregister(@PathParam("id") String id) {
        if (BUILT_IN.contains(id)) {
            throw ProblemException.conflict("built-in-holder", "The services of the set are always holders");
        }
        Holder holder = Holder.findById(id);
        if (holder == null) {
            throw ProblemException.notFound("Holder " + id);
        }
        holder.delete();
        audit.record("holder.unregister", null,
                holder.categories.stream().map(DataCategory::valueOf).toList(), AuditAction.DELETE,
                ProcessingPurpose.SUPERVISION);
    }

    /**
     * {@code exportUrl} replaces {@code currentExportUrl} (null for a new holder). Only a privacy officer points
     * retention-service's calls somewhere new: a holder system may keep or remove its URL, not set one.
     */
    private void checkRules(Duration acknowledgementDeadline, String currentExportUrl, String exportUrl) {
        if (acknowledgementDeadline.isNegative() || acknowledgementDeadline.isZero()) {
            throw ProblemException.unprocessable("deadline", "acknowledgementDeadline must be positive");
        }
        if (exportUrl == null || exportUrl.equals(currentExportUrl)) {
            return;
        }
        if (!identity.hasRole(Roles.PRIVACY_OFFICER)) {
            throw ProblemException.forbidden("export-url-officer-only",
                    "Only a privacy officer sets a holder's exportUrl");
        }
        exportUrls.refusal(exportUrl).ifPresent(refusal -> {
            throw ProblemException.unprocessable("export-url", refusal);
        });
    }

    private static void apply(Holder holder, String description, List<DataCategory> categories,
            boolean acknowledgementRequired, Duration acknowledgementDeadline, String exportUrl) {
        holder.description = description;
        holder.categories = categories.stream().distinct().map(Enum::name).toList();
        holder.acknowledgementRequired = acknowledgementRequired;
        holder.acknowledgementDeadline = acknowledgementDeadline;
        holder.exportUrl = exportUrl;
    }
}
