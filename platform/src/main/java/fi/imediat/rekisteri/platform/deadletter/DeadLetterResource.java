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
            description = "Copies the records parked on <topic>.dlq since the previous replay back to <topic> "
                    + "(same key and headers, plus replayed-from). Consumers skip events they have applied "
                    + "already, so a replay is safe to repeat. 404 for a topic this service does not consume.")
    public DeadLetterReplays.Replay replay(@PathParam("topic") String topic) {
        return replays.replay(topic);
    }
}
