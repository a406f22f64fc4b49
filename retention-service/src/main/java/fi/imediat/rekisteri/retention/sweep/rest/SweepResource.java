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
    @Operation(summary = "Run the retention sweep now",
            description = "Turns every due retention clock into an erasure request (RETENTION_EXPIRED) and answers "
                    + "when done. If a sweep is already running (on any replica) this one does nothing and is "
                    + "recorded with status SKIPPED.")
    @APIResponse(responseCode = "201", description = "The sweep record: COMPLETED, SKIPPED or FAILED")
    public Response run() {
        Sweep sweep = sweeps.run(Sweeps.Trigger.REQUEST, caller.subject());
        return Response.created(URI.create("/sweeps/" + sweep.id())).entity(sweep).build();
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
