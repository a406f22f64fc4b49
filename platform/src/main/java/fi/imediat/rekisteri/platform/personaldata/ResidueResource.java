package fi.imediat.rekisteri.platform.personaldata;

import fi.imediat.rekisteri.platform.audit.AuditAction;
import fi.imediat.rekisteri.platform.audit.AuditTrail;
import fi.imediat.rekisteri.platform.audit.ProcessingPurpose;
import fi.imediat.rekisteri.platform.problem.ProblemException;
import fi.imediat.rekisteri.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.UUID;

/**
 * Every service's residue scan of a customer, for the privacy officer and for retention-service's service account,
 * which gathers the scans of every holder into the proof of an erasure ({@code GET /erasure-requests/{id}/residue}).
 */
@Path("/customers/{customerId}/residue")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Residue scan")
public class ResidueResource {

    private final ResidueScan scan;
    private final AuditTrail audit;

    ResidueResource(ResidueScan scan, AuditTrail audit) {
        this.scan = scan;
        this.audit = audit;
    }

    @GET
    @RolesAllowed({Roles.PRIVACY_OFFICER, Roles.EXPORTER})
    @Operation(summary = "What this service still holds about a customer, per table",
            description = "Every table holding personal data, with the rows the customer's id still finds, the "
                    + "table's data categories and its declared treatment (ERASE, ANONYMISE, RETAIN or TOMBSTONE "
                    + "with basis and period); allowed is false, with a finding, for a row left where the "
                    + "declaration says the erasure deletes it, a cleared column still set, or a table not declared. "
                    + "Counts, names and categories only, never a value. 404 for an id this service has never known.")
    @APIResponse(responseCode = "404", description = "The id finds nothing in this service")
    public ResidueReport residue(@PathParam("customerId") UUID customerId) {
        ResidueReport report = scan.scan(customerId);
        if (!report.anythingFound()) {
            throw ProblemException.notFound("Customer " + customerId);
        }
        audit.record("customer.residue-scan", customerId, List.of(), AuditAction.READ,
                ProcessingPurpose.SUPERVISION);
        return report;
    }
}
