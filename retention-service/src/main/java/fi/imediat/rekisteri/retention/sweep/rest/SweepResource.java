package fi.imediat.rekisteri.retention.sweep.rest;

import fi.imediat.rekisteri.platform.problem.ProblemException;
import fi.imediat.rekisteri.platform.security.Caller;
import fi.imediat.rekisteri.platform.security.Roles;
import fi.imediat.rekisteri.retention.sweep.service.Sweeps;
import fi.imediat.rekisteri.retention.sweep.service.Sweeps.Sweep;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.util.List;
import java.util.UUID;

@Path("/sweeps")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Retention sweep")
public class SweepResource {

    private final Sweeps sweeps;
    private final Caller caller;

    SweepResource(Sweeps sweeps, Caller caller) {
        this.sweeps = sweeps;
        this.caller = caller;
    }

    @POST
    @RolesAllowed({Roles.PRIVACY_OFFICER, Roles.SERVICE})
    @Operation(summary = "Start the retention sweep now",
            description = "Starts turning every due retention clock into an erasure request (RETENTION_EXPIRED) and "
                    + "answers at once with the sweep's record (RUNNING); GET the Location to follow it: dueFound and "
                    + "requestsCreated grow as it goes, and status becomes COMPLETED or FAILED. If a sweep is already "
                    + "running (on any replica) this one does nothing and is recorded with status SKIPPED.")
    @APIResponse(responseCode = "202", description = "The sweep record: RUNNING, or SKIPPED")
    public Response start() {
        Sweep sweep = sweeps.start(Sweeps.Trigger.REQUEST, caller.subject());
        return Response.accepted(sweep).location(URI.create("/sweeps/" + sweep.id())).build();
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.PRIVACY_OFFICER, Roles.SERVICE})
    @Operation(summary = "One sweep: when it ran, how many clocks were due and how many requests it opened")
    public Sweep get(@PathParam("id") UUID id) {
        return sweeps.find(id).orElseThrow(() -> ProblemException.notFound("Sweep " + id));
    }

    @GET
    @RolesAllowed({Roles.PRIVACY_OFFICER, Roles.SERVICE})
    @Operation(summary = "Sweeps, newest first")
    public List<Sweep> list(@QueryParam("limit") @DefaultValue("50") @Min(1) @Max(500) int limit) {
        return sweeps.list(limit);
    }
}
