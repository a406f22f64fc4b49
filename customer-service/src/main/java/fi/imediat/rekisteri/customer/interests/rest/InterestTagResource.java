package fi.imediat.rekisteri.customer.interests.rest;

import fi.imediat.rekisteri.customer.interests.domain.InterestTag;
import fi.imediat.rekisteri.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/** The managed vocabulary of interest tags customers choose from. No personal data. */
@Path("/interest-tags")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Interests")
public class InterestTagResource {

    public record TagView(String code, String label, boolean active) {
    }

    public record TagRequest(@NotBlank @Size(max = 100) String label, boolean active) {
    }

    @GET
    @RolesAllowed({Roles.AGENT, Roles.SERVICE, Roles.PRIVACY_OFFICER, Roles.CUSTOMER, Roles.MARKETING})
    @Operation(summary = "The interest vocabulary")
    public List<TagView> list() {
        return InterestTag.<InterestTag>listAll().stream().sorted((a, b) -> a.code.compareTo(b.code))
                .map(t -> new TagView(t.code, t.label, t.active)).toList();
    }

    @PUT
    @Path("/{code}")
    @Transactional
    @RolesAllowed({Roles.AGENT, Roles.PRIVACY_OFFICER})
    @Operation(summary = "Add or change a tag", description = "An inactive tag is kept on the customers who chose "
            + "it but can no longer be chosen.")
    public TagView put(@PathParam("code") @Pattern(regexp = "[a-z0-9-]{2,40}") String code,
            @Valid @NotNull TagRequest request) {
        InterestTag tag = InterestTag.<InterestTag>findByIdOptional(code).orElseGet(() -> {
            InterestTag created = new InterestTag();
            created.code = code;
            return created;
        });
        tag.label = request.label();
        tag.active = request.active();
        tag.persist();
        return new TagView(tag.code, tag.label, tag.active);
    }
}
