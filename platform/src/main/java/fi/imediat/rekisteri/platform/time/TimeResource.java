package fi.imediat.rekisteri.platform.time;

import fi.imediat.rekisteri.platform.problem.Problem;
import fi.imediat.rekisteri.platform.problem.ProblemException;
import fi.imediat.rekisteri.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** This service's time, and, where {@code rekisteri.time.movable} allows it, moving it forward. */
@Path("/time")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Time")
public class TimeResource {

    public record TimeResponse(Instant now, boolean movable, Duration movedBy) {
    }

    public record AdvanceRequest(@NotNull Duration by) {
    }

    private final Clock clock;

    TimeResource(Clock clock) {
        this.clock = clock;
    }

    @GET
    @RolesAllowed({Roles.SERVICE, Roles.PRIVACY_OFFICER})
    @Operation(summary = "The time this service's time-driven rules read, and how far it has been moved")
    public TimeResponse now() {
        return response();
    }

    @POST
    @Path("/advance")
    @RolesAllowed(Roles.SERVICE)
    @Operation(summary = "Move this service's clock forward (tests and simulations only)",
            description = "404 unless rekisteri.time.movable is set; 422 for a negative duration.")
    public TimeResponse advance(@Valid @NotNull AdvanceRequest request) {
        if (!(clock instanceof MovableClock movable)) {
            throw new ProblemException(Problem.of(Response.Status.NOT_FOUND, "time-not-movable", "Not found",
                    "This service's clock cannot be moved: rekisteri.time.movable is not set"));
        }
        try {
            movable.advance(request.by());
        } catch (IllegalArgumentException e) {
            throw ProblemException.unprocessable("time-moves-forward", "The clock only moves forward");
        }
        return response();
    }

    private TimeResponse response() {
        return new TimeResponse(clock.instant(), clock instanceof MovableClock,
                clock instanceof MovableClock movable ? movable.movedBy() : Duration.ZERO);
    }
}
