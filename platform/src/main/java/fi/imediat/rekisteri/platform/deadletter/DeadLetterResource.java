package fi.imediat.rekisteri.platform.deadletter;

import fi.imediat.rekisteri.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Operators' replay of a dead-letter topic once the cause that parked its records is fixed (docs/operations.md). */
@Path("/dead-letters/{topic}/replays")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Dead letters")
public class DeadLetterResource {

    private final DeadLetterReplays replays;

    DeadLetterResource(DeadLetterReplays replays) {
        this.replays = replays;
    }

    @POST
    @RolesAllowed(Roles.PRIVACY_OFFICER)
    @Operation(summary = "Replay a consumed topic's dead letters",
            description = "Applies again, in this service, the records parked on <topic>.dlq since its previous "
                    + "replay: each is read again from <topic> where the parked copy says it came from, so only "
                    + "events its producer published are applied. An event applied before is skipped, so a replay "
                    + "is safe to repeat; one that fails again is parked again. 404 for a topic this service does "
                    + "not consume. The holders' replies, one topic per holder, share their dead letters: they are "
                    + "replayed as rekisteri.privacy-replies.v1.")
    public DeadLetterReplays.Replay replay(@PathParam("topic") String topic) {
        return replays.replay(topic);
    }
}
