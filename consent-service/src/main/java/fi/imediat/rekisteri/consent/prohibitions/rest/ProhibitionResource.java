package fi.imediat.rekisteri.consent.prohibitions.rest;

import fi.imediat.rekisteri.consent.consents.domain.EvidenceSource;
import fi.imediat.rekisteri.consent.customers.service.DataSubjectAccess;
import fi.imediat.rekisteri.consent.prohibitions.domain.Prohibition;
import fi.imediat.rekisteri.consent.prohibitions.service.Prohibitions;
import fi.imediat.rekisteri.events.Channel;
import fi.imediat.rekisteri.events.ProhibitionScope;
import fi.imediat.rekisteri.platform.audit.AuditAction;
import fi.imediat.rekisteri.platform.audit.ProcessingPurpose;
import fi.imediat.rekisteri.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

@Path("/customers/{customerId}/prohibitions")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Prohibitions")
public class ProhibitionResource {

    /** A prohibition: no channels means every channel. */
    public record ProhibitionRequest(@NotNull ProhibitionScope scope, @Size(max = 5) List<@NotNull Channel> channels,
            @NotNull EvidenceSource source, @Size(max = 2000) String note) {
    }

    /** Lifting is its own explicit act with its own evidence. */
    public record LiftRequest(@NotNull EvidenceSource source, @Size(max = 2000) String note) {
    }

    public record ProhibitionResponse(UUID id, UUID customerId, ProhibitionScope scope, List<Channel> channels,
            EvidenceSource source, Instant addedAt, UUID addedEventId, Instant liftedAt, UUID liftedEventId,
            boolean active) {

        public static ProhibitionResponse of(Prohibition p) {
            return new ProhibitionResponse(p.id, p.customerId, p.scope, p.channelList(), p.source, p.addedAt,
                    p.addedEventId, p.liftedAt, p.liftedEventId, p.active());
        }
    }

    private final Prohibitions prohibitions;
    private final DataSubjectAccess access;

    ProhibitionResource(Prohibitions prohibitions, DataSubjectAccess access) {
        this.prohibitions = prohibitions;
        this.access = access;
    }

    @POST
    @RolesAllowed({Roles.AGENT, Roles.SERVICE, Roles.CUSTOMER})
    @Operation(summary = "Prohibit marketing use of the customer's data",
            description = "Beats every consent at once. Publishes prohibition.added (its id is addedEventId), which "
                    + "every holder acknowledges. The same standing prohibition again changes nothing (200).")
    @APIResponse(responseCode = "201", description = "Added")
    @APIResponse(responseCode = "200", description = "An identical prohibition already stands")
    public Response add(@PathParam("customerId") UUID customerId, @Valid @NotNull ProhibitionRequest request) {
        ProcessingPurpose why = access.authorise(customerId, "prohibition.add", AuditAction.CREATE);
        Prohibitions.Added added = prohibitions.add(customerId, request.scope(), request.channels(),
                request.source(), request.note(), access.recordedBy(), why);
        return Response.status(added.created() ? Response.Status.CREATED : Response.Status.OK)
                .entity(ProhibitionResponse.of(added.prohibition())).build();
    }

    @GET
    @RolesAllowed({Roles.AGENT, Roles.SERVICE, Roles.PRIVACY_OFFICER, Roles.CUSTOMER})
    @Operation(summary = "The customer's prohibitions, standing and lifted")
    public List<ProhibitionResponse> list(@PathParam("customerId") UUID customerId) {
        ProcessingPurpose why = access.authorise(customerId, "prohibition.read", AuditAction.READ);
        return prohibitions.ofCustomer(customerId, why).stream().map(ProhibitionResponse::of).toList();
    }

    @POST
    @Path("/{prohibitionId}/lift")
    @RolesAllowed({Roles.AGENT, Roles.SERVICE, Roles.CUSTOMER})
    @Operation(summary = "Lift a prohibition", description = "Publishes prohibition.lifted; 409 if lifted already.")
    public ProhibitionResponse lift(@PathParam("customerId") UUID customerId,
            @PathParam("prohibitionId") UUID prohibitionId, @Valid @NotNull LiftRequest request) {
        ProcessingPurpose why = access.authorise(customerId, "prohibition.lift", AuditAction.UPDATE);
        return ProhibitionResponse.of(prohibitions.lift(customerId, prohibitionId, request.source(),
                request.note(), access.recordedBy(), why));
    }
}
