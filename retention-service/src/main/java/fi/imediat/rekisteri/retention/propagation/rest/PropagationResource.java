package fi.imediat.rekisteri.retention.propagation.rest;

import com.fasterxml.jackson.databind.JsonNode;
import fi.imediat.rekisteri.events.DataCategory;
import fi.imediat.rekisteri.events.HolderAcknowledged.CategoryOutcome;
import fi.imediat.rekisteri.platform.audit.AuditAction;
import fi.imediat.rekisteri.platform.audit.AuditTrail;
import fi.imediat.rekisteri.platform.audit.ProcessingPurpose;
import fi.imediat.rekisteri.platform.problem.ProblemException;
import fi.imediat.rekisteri.retention.holders.service.HolderAnswers;
import fi.imediat.rekisteri.platform.security.Roles;
import fi.imediat.rekisteri.retention.propagation.service.PropagationLedger;
import fi.imediat.rekisteri.retention.propagation.service.PropagationLedger.HolderState;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

@Path("/propagation")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Propagation")
public class PropagationResource {

    /** Where one event stands: each holder, whether it had to acknowledge, when it did and with what outcome. */
    public record PropagationResponse(UUID eventId, String eventType, UUID customerId, Instant recordedAt,
            boolean complete, List<HolderResponse> holders) {
    }

    public record HolderResponse(String holder, boolean required, Instant dueAt, Instant acknowledgedAt,
            boolean late,
            @Schema(type = SchemaType.ARRAY, implementation = CategoryOutcome.class) JsonNode outcomes) {
    }

    private final PropagationLedger ledger;
    private final AuditTrail audit;
    private final Clock clock;

    PropagationResource(PropagationLedger ledger, AuditTrail audit, Clock clock) {
        this.clock = clock;
        this.ledger = ledger;
        this.audit = audit;
    }

    @GET
    @Path("/{eventId}")
    @RolesAllowed({Roles.PRIVACY_OFFICER, Roles.AGENT, Roles.SERVICE})
    @Operation(summary = "Which holders have applied a withdrawal, prohibition or closure, and who is late")
    public PropagationResponse get(@PathParam("eventId") UUID eventId) {
        PropagationLedger.Propagation propagation = ledger.find(eventId)
                .orElseThrow(() -> ProblemException.notFound("Event " + eventId));
        if (propagation.customerId() != null) {
            audit.record("propagation.read", propagation.customerId(), List.of(DataCategory.MARKETING_PERMISSIONS,
                    DataCategory.CUSTOMERSHIP), AuditAction.READ, ProcessingPurpose.SUPERVISION);
        }
        Instant now = clock.instant();
        return new PropagationResponse(propagation.eventId(), propagation.eventType(), propagation.customerId(),
                propagation.recordedAt(), propagation.complete(),
                propagation.holders().stream().map(h -> toResponse(h, now)).toList());
    }

    private static HolderResponse toResponse(HolderState h, Instant now) {
        boolean late = h.required() && h.dueAt() != null && HolderAnswers.late(h.dueAt(), h.acknowledgedAt(), now);
        return new HolderResponse(h.holder(), h.required(), h.dueAt(), h.acknowledgedAt(), late,
                HolderAnswers.outcomes(h.outcomes()));
    }
}
