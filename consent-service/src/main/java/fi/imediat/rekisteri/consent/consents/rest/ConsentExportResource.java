package fi.imediat.rekisteri.consent.consents.rest;

import fi.imediat.rekisteri.consent.consents.service.ConsentLedger;
import fi.imediat.rekisteri.consent.customers.service.DataSubjectAccess;
import fi.imediat.rekisteri.consent.prohibitions.rest.ProhibitionResource.ProhibitionResponse;
import fi.imediat.rekisteri.platform.audit.AuditAction;
import fi.imediat.rekisteri.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** consent-service's part of a data subject's access request (GDPR art. 15). */
@Path("/customers/{customerId}/export")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Consents")
public class ConsentExportResource {

    /**
     * Current consents, the whole history with evidence and propagation, the prohibitions, and which kinds of keyed
     * contact hashes are held (NAME_ADDRESS, PHONE, EMAIL; for ASML matching and suppression, never the data).
     */
    public record ConsentExport(UUID customerId, Instant exportedAt, List<ConsentResponse> consents,
            List<ConsentHistoryEntry> history, List<ProhibitionResponse> prohibitions,
            List<String> contactKeyKinds) {
    }

    private final ConsentLedger ledger;
    private final DataSubjectAccess access;

    ConsentExportResource(ConsentLedger ledger, DataSubjectAccess access) {
        this.ledger = ledger;
        this.access = access;
    }

    @GET
    @RolesAllowed({Roles.PRIVACY_OFFICER, Roles.EXPORTER, Roles.CUSTOMER})
    @Operation(summary = "Everything consent-service holds about the customer, as one document",
            description = "Its part of an access request; a data subject exports only their own. Audited as EXPORT.")
    public ConsentExport export(@PathParam("customerId") UUID customerId) {
        access.authorise(customerId, "consent.export", AuditAction.EXPORT);
        ConsentLedger.Export export = ledger.export(customerId);
        return new ConsentExport(customerId, Instant.now(),
                export.consents().stream().map(ConsentResponse::of).toList(),
                ConsentResource.entries(export.history()),
                export.history().prohibitions().stream().map(ProhibitionResponse::of).toList(),
                export.contactKeyKinds());
    }
}
