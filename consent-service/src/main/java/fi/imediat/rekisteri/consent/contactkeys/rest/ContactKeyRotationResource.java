package fi.imediat.rekisteri.consent.contactkeys.rest;

import fi.imediat.rekisteri.consent.contactkeys.service.ContactKeyRotation;
import fi.imediat.rekisteri.platform.security.Caller;
import fi.imediat.rekisteri.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The contact-key rotation (docs/operations.md, "Rotating the contact key"). */
@Path("/contact-keys")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Contact keys")
public class ContactKeyRotationResource {

    /** The key to rotate to: the newest configured one. */
    public record RotationRequest(@NotNull Integer toKeyId) {
    }

    private final ContactKeyRotation rotation;
    private final Caller caller;

    ContactKeyRotationResource(ContactKeyRotation rotation, Caller caller) {
        this.rotation = rotation;
        this.caller = caller;
    }

    @GET
    @RolesAllowed(Roles.PRIVACY_OFFICER)
    @Operation(summary = "Which key the stored contact hashes are under",
            description = "keyId: the key the customers' contact keys, the ASML list and the suppression list are "
                    + "under; newestConfiguredKeyId: the newest key configured; rotationPending when they differ.")
    public ContactKeyRotation.State state() {
        return rotation.state();
    }

    @POST
    @Path("/rotations")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.PRIVACY_OFFICER)
    @Operation(summary = "Re-key every stored contact hash to the newest configured key",
            description = "toKeyId must be the newest configured key (409 otherwise, and when the hashes are under "
                    + "it already). The customers' keys, the ASML list and the suppression list are re-keyed in one "
                    + "transaction; matching goes on meanwhile under the old key. Answers the counts re-keyed.")
    public ContactKeyRotation.Rotation rotate(@Valid @NotNull RotationRequest request) {
        return rotation.rotateTo(request.toKeyId(), caller.subject());
    }
}
