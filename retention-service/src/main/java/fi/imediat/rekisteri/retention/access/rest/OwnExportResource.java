package fi.imediat.rekisteri.retention.access.rest;

import com.fasterxml.jackson.databind.JsonNode;
import fi.imediat.rekisteri.events.DataCategory;
import fi.imediat.rekisteri.platform.audit.AuditAction;
import fi.imediat.rekisteri.platform.audit.AuditTrail;
import fi.imediat.rekisteri.platform.audit.ProcessingPurpose;
import fi.imediat.rekisteri.platform.problem.ProblemException;
import fi.imediat.rekisteri.platform.security.Caller;
import fi.imediat.rekisteri.platform.security.Roles;
import fi.imediat.rekisteri.retention.access.service.OwnCustomerData;
import fi.imediat.rekisteri.retention.subjects.service.SubjectLinks;
import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.UUID;

/** retention-service as a holder: its own part of an access request, fetched like every other holder's. */
@Path("/customers/{customerId}/export")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Access requests")
public class OwnExportResource {

    private final OwnCustomerData data;
    private final SubjectLinks subjects;
    private final Caller caller;
    private final AuditTrail audit;

    OwnExportResource(OwnCustomerData data, SubjectLinks subjects, Caller caller, AuditTrail audit) {
        this.data = data;
        this.subjects = subjects;
        this.caller = caller;
        this.audit = audit;
    }

    @GET
    @Transactional
    @RolesAllowed({Roles.PRIVACY_OFFICER, Roles.AGENT, Roles.EXPORTER, Roles.CUSTOMER})
    @Operation(summary = "Everything retention-service holds about a customer",
            description = "Retention clock, login link, erasure and access requests: this holder's part of an "
                    + "access request. 404 when it holds nothing. A data subject reads only their own.")
    // A document of what is held, whose members are present only when held: an object, not Jackson's tree node.
    @APIResponse(responseCode = "200", description = "This holder's part of the customer's access report",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT)))
    public JsonNode export(@PathParam("customerId") UUID customerId) {
        List<DataCategory> categories = List.of(DataCategory.CUSTOMERSHIP);
        if (caller.isDataSubject() && !subjects.ownedBy(customerId, caller.subject())) {
            audit.recordDenied("customer.export", customerId, categories, AuditAction.EXPORT,
                    ProcessingPurpose.DATA_SUBJECT_RIGHTS);
            throw ProblemException.notFound("Customer " + customerId);
        }
        JsonNode export = data.export(customerId)
                .orElseThrow(() -> ProblemException.notFound("Customer " + customerId));
        audit.record("customer.export", customerId, categories, AuditAction.EXPORT,
                ProcessingPurpose.DATA_SUBJECT_RIGHTS);
        return export;
    }
}
