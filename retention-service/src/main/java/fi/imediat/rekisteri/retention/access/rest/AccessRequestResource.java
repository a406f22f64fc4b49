package fi.imediat.rekisteri.retention.access.rest;

import com.fasterxml.jackson.databind.JsonNode;
import fi.imediat.rekisteri.events.DataCategory;
import fi.imediat.rekisteri.events.HolderAcknowledged.CategoryOutcome;
import fi.imediat.rekisteri.platform.audit.AuditAction;
import fi.imediat.rekisteri.platform.audit.AuditTrail;
import fi.imediat.rekisteri.platform.audit.ProcessingPurpose;
import fi.imediat.rekisteri.platform.problem.Problem;
import fi.imediat.rekisteri.platform.problem.ProblemException;
import fi.imediat.rekisteri.platform.security.Caller;
import fi.imediat.rekisteri.platform.security.Roles;
import fi.imediat.rekisteri.retention.access.service.AccessRequests;
import fi.imediat.rekisteri.retention.access.service.AccessRequests.Delivery;
import fi.imediat.rekisteri.retention.access.service.AccessRequests.HolderPart;
import fi.imediat.rekisteri.retention.access.service.AccessRequests.Status;
import fi.imediat.rekisteri.retention.holders.service.HolderAnswers;
import fi.imediat.rekisteri.retention.subjects.service.SubjectLinks;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

@Path("/access-requests")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Access requests")
public class AccessRequestResource {

    private static final List<DataCategory> EVERY_CATEGORY = Arrays.asList(DataCategory.values());

    public record AccessRequestBody(@NotNull UUID customerId) {
    }

    /** One holder's part: fetched ({@code EXPORT}, with attempts and the last error) or answered by event. */
    public record HolderResponse(String holder, Delivery delivery, Instant dueAt, boolean late, int attempts,
            Instant nextAttemptAt, String lastError, Instant receivedAt,
            @Schema(type = SchemaType.ARRAY, implementation = CategoryOutcome.class) JsonNode outcomes) {
    }

    public record ReportState(boolean available, Instant expiresAt, Instant deletedAt) {
    }

    public record AccessRequestResponse(UUID id, UUID customerId, String requestedBy, Instant requestedAt,
            LocalDate deadline, Status status, Instant completedAt,
            @Schema(description = "The erasure request that closed this request before every part was in")
            UUID closedByErasure,
            ReportState report, List<HolderResponse> holders) {
    }

    private final AccessRequests requests;
    private final SubjectLinks subjects;
    private final Caller caller;
    private final AuditTrail audit;
    private final Clock clock;

    AccessRequestResource(AccessRequests requests, SubjectLinks subjects, Caller caller, AuditTrail audit,
            Clock clock) {
        this.clock = clock;
        this.requests = requests;
        this.subjects = subjects;
        this.caller = caller;
        this.audit = audit;
    }

    @POST
    @RolesAllowed({Roles.PRIVACY_OFFICER, Roles.AGENT, Roles.CUSTOMER})
    @Operation(summary = "Ask every holder for its part of a customer's data (GDPR art. 15)",
            description = "Publishes access.requested. retention-service fetches the part of every holder with an "
                    + "export URL; the others answer with holder.acknowledged. When all are in, one report is "
                    + "assembled for download. A data subject asks for their own data only.")
    @APIResponse(responseCode = "202", description = "Accepted; the report is being assembled")
    public Response request(@Valid @NotNull AccessRequestBody body) {
        requireOwnRecord(body.customerId(), "access.request");
        UUID id = requests.open(body.customerId(), caller.subject());
        return Response.accepted(toResponse(requests.find(id).orElseThrow()))
                .location(URI.create("/access-requests/" + id)).build();
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.PRIVACY_OFFICER, Roles.AGENT, Roles.CUSTOMER})
    @Operation(summary = "An access request with the state of every holder's part",
            description = "Failed fetches show their attempts and last error and are retried.")
    public AccessRequestResponse get(@PathParam("id") UUID id) {
        AccessRequests.Request request = visible(id, "access.read");
        audit.record("access.read", request.customerId(), List.of(DataCategory.CUSTOMERSHIP), AuditAction.READ,
                purpose());
        return toResponse(request);
    }

    @GET
    @Path("/{id}/report")
    @RolesAllowed({Roles.PRIVACY_OFFICER, Roles.CUSTOMER})
    @Operation(summary = "Download the assembled report",
            description = "One JSON document: the request, every holder's part or answer, and when it was "
                    + "generated. 409 while holders are missing, 410 once deleted after its retention time.")
    @APIResponse(responseCode = "409", description = "Not assembled yet")
    @APIResponse(responseCode = "410", description = "Deleted after its retention time, or never assembled because "
            + "the customer's erasure closed the request")
    public Response report(@PathParam("id") UUID id) {
        AccessRequests.Request request = visible(id, "access.report.read");
        if (request.status() == Status.OPEN) {
            throw ProblemException.conflict("access-report-not-ready",
                    "Holders are still delivering their parts; see GET /access-requests/" + id);
        }
        if (request.status() == Status.CLOSED_BY_ERASURE) {
            throw new ProblemException(Problem.of(Response.Status.GONE, "access-request-closed-by-erasure", "Gone",
                    "The customer's erasure request " + request.closedByErasure()
                            + " closed this request before every part was in: no report was assembled"));
        }
        String report = requests.report(id).orElseThrow(() -> new ProblemException(Problem.of(Response.Status.GONE,
                "access-report-deleted", "Gone", "The report was deleted after its retention time")));
        audit.record("access.report.read", request.customerId(), EVERY_CATEGORY, AuditAction.EXPORT, purpose());
        return Response.ok(report, MediaType.APPLICATION_JSON_TYPE)
                .header("Content-Disposition", "attachment; filename=\"access-report-" + id + ".json\"").build();
    }

    /** A data subject sees the requests they made, or those about their own record; others get "not found". */
    private AccessRequests.Request visible(UUID id, String operation) {
        AccessRequests.Request request = requests.find(id)
                .orElseThrow(() -> ProblemException.notFound("Access request " + id));
        if (!caller.owns(request.requestedBy())) {
            requireOwnRecord(request.customerId(), operation);
        }
        return request;
    }

    private void requireOwnRecord(UUID customerId, String operation) {
        if (caller.isDataSubject() && !subjects.ownedBy(customerId, caller.subject())) {
            audit.recordDenied(operation, customerId, List.of(DataCategory.CUSTOMERSHIP), AuditAction.READ,
                    ProcessingPurpose.DATA_SUBJECT_RIGHTS);
            throw ProblemException.notFound("Customer " + customerId);
        }
    }

    private ProcessingPurpose purpose() {
        return caller.isDataSubject() ? ProcessingPurpose.DATA_SUBJECT_RIGHTS : ProcessingPurpose.SUPERVISION;
    }

    private AccessRequestResponse toResponse(AccessRequests.Request r) {
        Instant now = clock.instant();
        return new AccessRequestResponse(r.id(), r.customerId(), r.requestedBy(), r.requestedAt(), r.deadline(),
                r.status(), r.completedAt(), r.closedByErasure(), new ReportState(r.reportAvailable(), r.reportExpiresAt(),
                        r.reportDeletedAt()),
                r.holders().stream().map(h -> toResponse(h, now)).toList());
    }

    private static HolderResponse toResponse(HolderPart h, Instant now) {
        return new HolderResponse(h.holder(), h.delivery(), h.dueAt(), HolderAnswers.late(h.dueAt(), h.receivedAt(),
                now), h.attempts(), h.nextAttemptAt(), h.lastError(), h.receivedAt(), HolderAnswers.outcomes(
                h.outcomes()));
    }
}
