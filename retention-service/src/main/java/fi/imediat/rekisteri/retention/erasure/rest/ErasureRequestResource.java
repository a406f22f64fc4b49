package fi.imediat.rekisteri.retention.erasure.rest;

import com.fasterxml.jackson.databind.JsonNode;
import fi.imediat.rekisteri.events.DataCategory;
import fi.imediat.rekisteri.events.ErasureReason;
import fi.imediat.rekisteri.events.HolderAcknowledged.CategoryOutcome;
import fi.imediat.rekisteri.platform.audit.AuditAction;
import fi.imediat.rekisteri.platform.audit.AuditTrail;
import fi.imediat.rekisteri.platform.audit.ProcessingPurpose;
import fi.imediat.rekisteri.platform.problem.Problem;
import fi.imediat.rekisteri.platform.problem.ProblemException;
import fi.imediat.rekisteri.platform.security.Caller;
import fi.imediat.rekisteri.platform.security.Roles;
import fi.imediat.rekisteri.retention.erasure.domain.CompletionRecord;
import fi.imediat.rekisteri.retention.erasure.domain.ResidueProof;
import fi.imediat.rekisteri.retention.erasure.service.CompletionRecords;
import fi.imediat.rekisteri.retention.erasure.service.ErasureRequests;
import fi.imediat.rekisteri.retention.erasure.service.ErasureResidue;
import fi.imediat.rekisteri.retention.holders.service.HolderAnswers;
import fi.imediat.rekisteri.retention.erasure.service.ErasureRequests.HolderPart;
import fi.imediat.rekisteri.retention.erasure.service.ErasureRequests.Status;
import fi.imediat.rekisteri.retention.subjects.service.SubjectLinks;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
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
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

@Path("/erasure-requests")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Erasure requests")
public class ErasureRequestResource {

    public record ErasureRequestBody(@NotNull UUID customerId, @NotNull ErasureReason reason) {
    }

    public record HolderResponse(String holder, Instant dueAt, int publications, Instant acknowledgedAt,
            boolean late,
            @Schema(type = SchemaType.ARRAY, implementation = CategoryOutcome.class) JsonNode outcomes) {
    }

    public record ErasureRequestResponse(UUID id, UUID customerId, ErasureReason reason,
            List<DataCategory> categories, String requestedBy, Instant requestedAt, LocalDate deadline,
            Status status, Instant completedAt, List<HolderResponse> holders) {
    }

    private final ErasureRequests requests;
    private final ErasureResidue residue;
    private final SubjectLinks subjects;
    private final Caller caller;
    private final SecurityIdentity identity;
    private final AuditTrail audit;
    private final Clock clock;

    ErasureRequestResource(ErasureRequests requests, ErasureResidue residue, SubjectLinks subjects, Caller caller,
            SecurityIdentity identity, AuditTrail audit, Clock clock) {
        this.clock = clock;
        this.requests = requests;
        this.residue = residue;
        this.subjects = subjects;
        this.caller = caller;
        this.identity = identity;
        this.audit = audit;
    }

    @POST
    @RolesAllowed({Roles.PRIVACY_OFFICER, Roles.AGENT, Roles.SERVICE, Roles.CUSTOMER})
    @Operation(summary = "Ask every holder to erase a customer's data",
            description = "Publishes erasure.requested and tracks every required holder's acknowledgement. "
                    + "DATA_SUBJECT_REQUEST: the data subject for themselves, or customer-service agents on their "
                    + "behalf; ABUSE: privacy "
                    + "officers only; RETENTION_EXPIRED: the retention sweep. One open request per customer: a second "
                    + "is 409 whose instance names the first.")
    @APIResponse(responseCode = "202", description = "Accepted; holders are erasing")
    public Response request(@Valid @NotNull ErasureRequestBody body) {
        requireOwnRecord(body.customerId(), "erasure.request", AuditAction.DELETE);
        if (!mayAskFor(body.reason())) {
            throw new ProblemException(Problem.of(Response.Status.FORBIDDEN, "erasure-reason-not-allowed",
                    "Forbidden", "Your role may not request an erasure for reason " + body.reason()));
        }
        UUID id = requests.open(body.customerId(), body.reason(), caller.subject());
        return Response.accepted(toResponse(requests.find(id).orElseThrow()))
                .location(URI.create("/erasure-requests/" + id)).build();
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.PRIVACY_OFFICER, Roles.AGENT, Roles.SERVICE, Roles.CUSTOMER})
    @Operation(summary = "An erasure request with the status of every holder",
            description = "A data subject sees only the requests they made.")
    public ErasureRequestResponse get(@PathParam("id") UUID id) {
        ErasureRequests.Request request = requests.find(id)
                .orElseThrow(() -> ProblemException.notFound("Erasure request " + id));
        // Their own erasure removes the link to their record at once, so a data subject follows the requests
        // they made themselves.
        if (!caller.owns(request.requestedBy())) {
            requireOwnRecord(request.customerId(), "erasure.read", AuditAction.READ);
        }
        auditRead(request);
        return toResponse(request);
    }

    @GET
    @Path("/{id}/completion-record")
    @RolesAllowed({Roles.PRIVACY_OFFICER, Roles.CUSTOMER})
    @Operation(summary = "The completion record of an erasure, to give to the data subject",
            description = "Who erased what and when, per holder and category (ERASED, ANONYMISED, RETAINED with "
                    + "legal basis and until-date, NOT_HELD), the reason and deadline and whether it was met. "
                    + "Identifiers only, no personal data. 409 while the request is open. A data subject reads "
                    + "the records of the requests they made.")
    @APIResponse(responseCode = "409", description = "Not completed yet")
    public CompletionRecord completionRecord(@PathParam("id") UUID id) {
        ErasureRequests.Request request = requests.find(id)
                .orElseThrow(() -> ProblemException.notFound("Erasure request " + id));
        if (!caller.owns(request.requestedBy())) {
            requireOwnRecord(request.customerId(), "erasure.completion-record", AuditAction.READ);
        }
        CompletionRecord completion = CompletionRecords.of(request);
        audit.record("erasure.completion-record", request.customerId(), List.of(DataCategory.CUSTOMERSHIP),
                AuditAction.READ, caller.isDataSubject() ? ProcessingPurpose.DATA_SUBJECT_RIGHTS
                        : ProcessingPurpose.SUPERVISION);
        return completion;
    }

    @GET
    @Path("/{id}/residue")
    @RolesAllowed(Roles.PRIVACY_OFFICER)
    @Operation(summary = "What a completed erasure left behind, holder by holder",
            description = "Runs the residue scan of every holder of the request that advertises a residue URL (the "
                    + "services of the set do) and answers per holder and table: nothing left, kept: basis, until "
                    + "(what the holder's personal-data declaration keeps and why), or not allowed: what was found "
                    + "where the declaration says the erasure deletes it. Holders without a residue URL are listed "
                    + "as NOT_SUPPORTED. Ids, tables, categories and counts only, never a value. 409 while the "
                    + "request is open.")
    @APIResponse(responseCode = "409", description = "Not completed yet")
    public ResidueProof residue(@PathParam("id") UUID id) {
        ErasureRequests.Request request = requests.find(id)
                .orElseThrow(() -> ProblemException.notFound("Erasure request " + id));
        ResidueProof proof = residue.of(request);
        audit.record("erasure.residue", request.customerId(), List.of(), AuditAction.READ,
                ProcessingPurpose.SUPERVISION);
        return proof;
    }

    private void auditRead(ErasureRequests.Request request) {
        audit.record("erasure.read", request.customerId(), List.of(DataCategory.CUSTOMERSHIP), AuditAction.READ,
                caller.isDataSubject() ? ProcessingPurpose.DATA_SUBJECT_RIGHTS : ProcessingPurpose.SUPERVISION);
    }

    /** A data subject acts on their own record only; anyone else's is "not found" (and audited). */
    private void requireOwnRecord(UUID customerId, String operation, AuditAction action) {
        if (caller.isDataSubject() && !subjects.ownedBy(customerId, caller.subject())) {
            audit.recordDenied(operation, customerId, List.of(DataCategory.CUSTOMERSHIP), action,
                    ProcessingPurpose.DATA_SUBJECT_RIGHTS);
            throw ProblemException.notFound("Customer " + customerId);
        }
    }

    @GET
    @RolesAllowed({Roles.PRIVACY_OFFICER, Roles.SERVICE})
    @Operation(summary = "Erasure requests, newest first", description = "status=OPEN, OVERDUE or COMPLETED.")
    public List<ErasureRequestResponse> list(@QueryParam("status") Status status,
            @QueryParam("limit") @DefaultValue("100") @Min(1) @Max(500) int limit) {
        List<ErasureRequests.Request> found = requests.list(status, limit);
        found.forEach(this::auditRead);
        return found.stream().map(this::toResponse).toList();
    }

    private boolean mayAskFor(ErasureReason reason) {
        if (identity.hasRole(Roles.PRIVACY_OFFICER)) {
            return true;
        }
        return switch (reason) {
            case DATA_SUBJECT_REQUEST -> true;
            case RETENTION_EXPIRED -> identity.hasRole(Roles.SERVICE);
            case ABUSE -> false;
        };
    }

    private ErasureRequestResponse toResponse(ErasureRequests.Request r) {
        Instant now = clock.instant();
        return new ErasureRequestResponse(r.id(), r.customerId(), r.reason(), r.categories(), r.requestedBy(),
                r.requestedAt(), r.deadline(), r.status(), r.completedAt(),
                r.holders().stream().map(h -> toResponse(h, now)).toList());
    }

    private static HolderResponse toResponse(HolderPart h, Instant now) {
        return new HolderResponse(h.holder(), h.dueAt(), h.publications(), h.acknowledgedAt(),
                HolderAnswers.late(h.dueAt(), h.acknowledgedAt(), now), HolderAnswers.outcomes(h.outcomes()));
    }
}
