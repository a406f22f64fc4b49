package fi.imediat.rekisteri.retention.holders.rest;

import fi.imediat.rekisteri.platform.security.Roles;
import fi.imediat.rekisteri.retention.holders.domain.Holder;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Duration;
import java.util.List;

@Path("/holders")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Holders")
public class HolderResource {

    /** A holder as published: which categories it keeps and how fast it must acknowledge. */
    public record HolderResponse(String id, String description, List<String> categories,
            boolean acknowledgementRequired, Duration acknowledgementDeadline) {
    }

    @GET
    @RolesAllowed({Roles.PRIVACY_OFFICER, Roles.SERVICE})
    @Operation(summary = "Registered holders of customer data")
    public List<HolderResponse> list() {
        return Holder.all().stream().map(h -> new HolderResponse(h.id, h.description, h.categories,
                h.acknowledgementRequired, h.acknowledgementDeadline)).toList();
    }
}
