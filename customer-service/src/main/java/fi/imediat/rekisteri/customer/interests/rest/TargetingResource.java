package fi.imediat.rekisteri.customer.interests.rest;

import fi.imediat.rekisteri.customer.interests.service.Interests;
import fi.imediat.rekisteri.events.Channel;
import fi.imediat.rekisteri.events.Purpose;
import fi.imediat.rekisteri.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.UUID;

@Path("/customers/{id}/targeting-interests")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Marketing")
public class TargetingResource {

    /** {@code restricted}: a withdrawal or prohibition forbids this use; then no interests are given. */
    public record TargetingInterests(UUID customerId, Purpose purpose, Channel channel, boolean restricted,
            List<String> interests) {
    }

    private final Interests interests;

    TargetingResource(Interests interests) {
        this.interests = interests;
    }

    @GET
    @RolesAllowed(Roles.SERVICE)
    @Operation(summary = "A customer's interests for targeting a marketing purpose on a channel",
            description = "The marketing read of self-given data: empty and `restricted` when the customer has "
                    + "withdrawn consent or a prohibition stands for that purpose and channel. Audited as "
                    + "MARKETING_TARGETING.")
    public TargetingInterests read(@PathParam("id") UUID id, @QueryParam("purpose") @NotNull Purpose purpose,
            @QueryParam("channel") @NotNull Channel channel) {
        List<String> tags = interests.forTargeting(id, purpose, channel);
        return new TargetingInterests(id, purpose, channel, tags == null, tags == null ? List.of() : tags);
    }
}
