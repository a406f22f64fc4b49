package fi.imediat.rekisteri.platform.audit;

import fi.imediat.rekisteri.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.persistence.EntityManager;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** Every service's own audit trail, for the privacy officer: who processed a customer's data, when and why. */
@Path("/audit")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Audit")
public class AuditResource {

    /** One audit row; {@code subject} is the caller's token subject, {@code clientId} the calling application. */
    public record AuditEntry(UUID id, Instant occurredAt, String subject, String clientId, UUID customerId,
            List<String> categories, String action, String purpose, String outcome, String operation) {
    }

    /** A page of entries, newest first; pass {@code nextBefore} as {@code before} for the next page. */
    public record AuditPage(List<AuditEntry> entries, Instant nextBefore) {
    }

    private final EntityManager entityManager;

    AuditResource(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    @GET
    @RolesAllowed(Roles.PRIVACY_OFFICER)
    @Operation(summary = "The audit trail of one customer in this service, newest first")
    public AuditPage forCustomer(@QueryParam("customerId") @NotNull UUID customerId,
            @QueryParam("before") Instant before,
            @QueryParam("limit") @DefaultValue("100") @Min(1) @Max(500) int limit) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("""
                        SELECT id, occurred_at, subject, client_id, customer_id, CAST(categories AS text), action,
                               purpose, outcome, operation
                        FROM audit_event WHERE customer_id = ?1 AND occurred_at < ?2
                        ORDER BY occurred_at DESC, id LIMIT ?3""")
                .setParameter(1, customerId)
                .setParameter(2, before == null ? Instant.parse("9999-12-31T00:00:00Z") : before)
                .setParameter(3, limit)
                .getResultList();
        List<AuditEntry> entries = rows.stream().map(r -> new AuditEntry((UUID) r[0], (Instant) r[1],
                (String) r[2], (String) r[3], (UUID) r[4], categories((String) r[5]), (String) r[6], (String) r[7],
                (String) r[8], (String) r[9])).toList();
        Instant next = entries.size() == limit ? entries.get(entries.size() - 1).occurredAt() : null;
        return new AuditPage(entries, next);
    }

    private static List<String> categories(String array) {
        String inner = array.substring(1, array.length() - 1);
        return inner.isEmpty() ? List.of() : Arrays.asList(inner.split(","));
    }
}
