package fi.imediat.rekisteri.consent.consents.rest;

import fi.imediat.rekisteri.consent.consents.domain.Consent;
import fi.imediat.rekisteri.consent.consents.domain.ConsentChange;
import fi.imediat.rekisteri.consent.consents.service.ConsentLedger;
import fi.imediat.rekisteri.events.Channel;
import fi.imediat.rekisteri.events.Purpose;
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
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.UUID;

@Path("/customers/{customerId}/consents")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Consents")
public class ConsentResource {

    private final ConsentLedger ledger;
    private final JsonWebToken caller;

    ConsentResource(ConsentLedger ledger, JsonWebToken caller) {
        this.ledger = ledger;
        this.caller = caller;
    }

    @GET
    @RolesAllowed({Roles.AGENT, Roles.SERVICE, Roles.PRIVACY_OFFICER})
    @Operation(summary = "Current consents of a customer")
    public List<ConsentResponse> current(@PathParam("customerId") UUID customerId) {
        return Consent.ofCustomer(customerId).stream().map(ConsentResponse::of).toList();
    }

    @PUT
    @Path("/{purpose}/{channel}")
    @RolesAllowed({Roles.AGENT, Roles.SERVICE})
    @Operation(summary = "Grant or withdraw a consent",
            description = "Idempotent: setting the current state again changes nothing and publishes nothing. "
                    + "A change publishes consent.granted or consent.withdrawn; the response's eventId follows a "
                    + "withdrawal to every holder (retention-service GET /propagation/{eventId}).")
    public ConsentChangeResponse set(@PathParam("customerId") UUID customerId,
            @PathParam("purpose") Purpose purpose, @PathParam("channel") Channel channel,
            @Valid @NotNull ConsentRequest request) {
        ConsentLedger.Result result = ledger.set(customerId, purpose, channel, request.status(),
                request.evidence().toEvidence(caller.getSubject()));
        return ConsentChangeResponse.of(result);
    }

    @GET
    @Path("/history")
    @RolesAllowed({Roles.AGENT, Roles.SERVICE, Roles.PRIVACY_OFFICER})
    @Operation(summary = "The append-only history of a customer's consents, with evidence")
    public List<ConsentHistoryEntry> history(@PathParam("customerId") UUID customerId) {
        return ConsentChange.ofCustomer(customerId).stream().map(ConsentHistoryEntry::of).toList();
    }
}
