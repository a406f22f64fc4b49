package fi.imediat.rekisteri.retention.clocks.rest;

import fi.imediat.rekisteri.events.DataCategory;
import fi.imediat.rekisteri.platform.audit.AuditAction;
import fi.imediat.rekisteri.platform.audit.AuditTrail;
import fi.imediat.rekisteri.platform.audit.ProcessingPurpose;
import fi.imediat.rekisteri.platform.problem.ProblemException;
import fi.imediat.rekisteri.platform.security.Roles;
import fi.imediat.rekisteri.retention.clocks.service.RetentionClocks;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.UUID;

@Path("/retention-clocks")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Retention clocks")
public class ClockResource {

    private final RetentionClocks clocks;
    private final AuditTrail audit;

    ClockResource(RetentionClocks clocks, AuditTrail audit) {
        this.clocks = clocks;
        this.audit = audit;
    }

    @GET
    @Path("/{customerId}")
    @RolesAllowed({Roles.PRIVACY_OFFICER, Roles.SERVICE})
    @Operation(summary = "A customer's retention clocks",
            description = "404 while the relationship runs (no clock); else relationship ENDED (dueOn from the live "
                    + "policies), REOPENED (stopped), SWEPT (erasure requested) or ERASED (the customer was erased; "
                    + "only follow-ups are left), and the follow-up clocks of categories holders retained.")
    public RetentionClocks.Clock get(@PathParam("customerId") UUID customerId) {
        RetentionClocks.Clock clock = clocks.find(customerId)
                .orElseThrow(() -> ProblemException.notFound("Retention clock of customer " + customerId));
        audit.record("retention-clock.read", customerId, List.of(DataCategory.CUSTOMERSHIP), AuditAction.READ,
                ProcessingPurpose.SUPERVISION);
        return clock;
    }
}
