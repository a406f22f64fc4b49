package fi.imediat.rekisteri.retention.holders.rest;

import fi.imediat.rekisteri.events.DataCategory;
import fi.imediat.rekisteri.platform.problem.ProblemException;
import fi.imediat.rekisteri.platform.security.Roles;
import fi.imediat.rekisteri.retention.holders.domain.Holder;
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
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;

@Path("/holders")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Holders")
public class HolderResource {

    /** The services of the set are holders by definition; they cannot be unregistered. */
    private static final Set<String> BUILT_IN = Set.of("customer-service", "consent-service", "retention-service");

    /** A holder as published: which categories it keeps and how fast it must acknowledge. */
    public record HolderResponse(String id, String description, List<String> categories,
            boolean acknowledgementRequired, Duration acknowledgementDeadline) {

        static HolderResponse of(Holder h) {
            return new HolderResponse(h.id, h.description, h.categories, h.acknowledgementRequired,
                    h.acknowledgementDeadline);
        }
    }

    /** A system registering itself (or registered by a privacy officer) as a holder of customer data. */
    public record HolderRegistration(
            @NotBlank @Pattern(regexp = "[a-z0-9][a-z0-9-]{1,62}") String id,
            @NotBlank @Size(max = 200) String description,
            @NotEmpty @Size(max = 7) List<@NotNull DataCategory> categories,
            boolean acknowledgementRequired,
            @NotNull Duration acknowledgementDeadline) {
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
            + "closure and erasure, and (if required) must acknowledge each within its deadline.")
    @APIResponse(responseCode = "201", description = "Registered")
    public Response register(@Valid @NotNull HolderRegistration registration) {
        if (Holder.findById(registration.id()) != null) {
            throw ProblemException.conflict("holder-exists", "Holder " + registration.id() + " is registered");
        }
        if (registration.acknowledgementDeadline().isNegative() || registration.acknowledgementDeadline().isZero()) {
            throw ProblemException.unprocessable("deadline", "acknowledgementDeadline must be positive");
        }
        Holder holder = new Holder();
        holder.id = registration.id();
        holder.description = registration.description();
        holder.categories = registration.categories().stream().distinct().map(Enum::name).toList();
        holder.acknowledgementRequired = registration.acknowledgementRequired();
        holder.acknowledgementDeadline = registration.acknowledgementDeadline();
        holder.persist();
        return Response.created(URI.create("/holders/" + holder.id)).entity(HolderResponse.of(holder)).build();
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
        if (!Holder.deleteById(id)) {
            throw ProblemException.notFound("Holder " + id);
        }
    }
}
