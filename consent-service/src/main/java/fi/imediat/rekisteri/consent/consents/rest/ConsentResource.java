package fi.imediat.rekisteri.consent.consents.rest;

import fi.imediat.rekisteri.consent.consents.service.ConsentLedger;
import fi.imediat.rekisteri.consent.prohibitions.domain.Prohibition;
import fi.imediat.rekisteri.events.Channel;
import fi.imediat.rekisteri.events.Purpose;
import fi.imediat.rekisteri.consent.customers.service.DataSubjectAccess;
import fi.imediat.rekisteri.platform.audit.AuditAction;
import fi.imediat.rekisteri.platform.audit.ProcessingPurpose;
import fi.imediat.rekisteri.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

@Path("/customers/{customerId}/consents")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Consents")
public class ConsentResource {

    private final ConsentLedger ledger;
    private final DataSubjectAccess access;

    ConsentResource(ConsentLedger ledger, DataSubjectAccess access) {
        this.ledger = ledger;
        this.access = access;
    }

    @GET
    @RolesAllowed({Roles.AGENT, Roles.SERVICE, Roles.PRIVACY_OFFICER, Roles.CUSTOMER})
    @Operation(summary = "Current consents of a customer", description = "A data subject reads only their own.")
    public List<ConsentResponse> current(@PathParam("customerId") UUID customerId) {
        return ledger.current(customerId, access.authorise(customerId, "consent.read", AuditAction.READ)).stream()
                .map(ConsentResponse::of).toList();
    }

    @PUT
    @Path("/{purpose}/{channel}")
    @RolesAllowed({Roles.AGENT, Roles.SERVICE, Roles.CUSTOMER})
    @Operation(summary = "Grant or withdraw a consent",
            description = "Idempotent: setting the current state again changes nothing and publishes nothing. "
                    + "A change publishes consent.granted or consent.withdrawn; the response's eventId follows a "
                    + "withdrawal to every holder (retention-service GET /propagation/{eventId}).")
    public ConsentChangeResponse set(@PathParam("customerId") UUID customerId,
            @PathParam("purpose") Purpose purpose, @PathParam("channel") Channel channel,
            @Valid @NotNull ConsentRequest request) {
        ProcessingPurpose why = access.authorise(customerId, "consent.set", AuditAction.UPDATE);
        ConsentLedger.Result result = ledger.set(customerId, purpose, channel, request.status(),
                request.evidence().toEvidence(access.recordedBy()), why);
        return ConsentChangeResponse.of(result);
    }

    @GET
    @Path("/history")
    @RolesAllowed({Roles.AGENT, Roles.SERVICE, Roles.PRIVACY_OFFICER, Roles.CUSTOMER})
    @Operation(summary = "The append-only history of a customer's consents and prohibitions",
            description = "Consent changes with their evidence, and prohibitions added and lifted, oldest first; "
                    + "for each withdrawal and prohibition the holders that have acknowledged applying it.")
    public List<ConsentHistoryEntry> history(@PathParam("customerId") UUID customerId) {
        return entries(ledger.history(customerId, access.authorise(customerId, "consent.history", AuditAction.READ)));
    }

    static List<ConsentHistoryEntry> entries(ConsentLedger.History history) {
        List<ConsentHistoryEntry> entries = new ArrayList<>();
        history.changes().forEach(c -> entries.add(ConsentHistoryEntry.of(c, history.acknowledgements())));
        for (Prohibition p : history.prohibitions()) {
            entries.add(ConsentHistoryEntry.added(p, history.acknowledgements()));
            if (!p.active()) {
                entries.add(ConsentHistoryEntry.lifted(p, history.acknowledgements()));
            }
        }
        entries.sort(Comparator.comparing(ConsentHistoryEntry::recordedAt));
        return entries;
    }
}
