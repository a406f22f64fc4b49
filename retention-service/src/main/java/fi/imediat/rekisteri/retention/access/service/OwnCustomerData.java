package fi.imediat.rekisteri.retention.access.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fi.imediat.rekisteri.events.EventJson;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What retention-service itself holds about a customer, as its part of an access request: the retention clock,
 * the link to the data subject's login, and the erasure and access requests about them.
 */
@ApplicationScoped
public class OwnCustomerData {

    private final EntityManager entityManager;

    OwnCustomerData(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** Empty when retention-service holds nothing about the customer. */
    public Optional<JsonNode> export(UUID customerId) {
        // Whole rows minus the key, so the export follows the tables as they grow.
        JsonNode clock = row("SELECT CAST(to_jsonb(c) - 'customer_id' AS text) FROM retention_clock c "
                + "WHERE customer_id = ?1", customerId);
        JsonNode subject = row("SELECT CAST(to_jsonb(s) - 'customer_id' AS text) FROM customer_subject s "
                + "WHERE customer_id = ?1", customerId);
        JsonNode erasures = row("""
                SELECT CAST(coalesce(jsonb_agg(jsonb_build_object('id', id, 'reason', reason, 'requestedAt', requested_at,
                    'deadline', deadline, 'status', status, 'completedAt', completed_at) ORDER BY requested_at), '[]')
                    AS text)
                FROM erasure_request WHERE customer_id = ?1""", customerId);
        JsonNode accesses = row("""
                SELECT CAST(coalesce(jsonb_agg(jsonb_build_object('id', id, 'requestedAt', requested_at,
                    'deadline', deadline, 'status', status, 'completedAt', completed_at) ORDER BY requested_at), '[]')
                    AS text)
                FROM access_request WHERE customer_id = ?1""", customerId);
        if (clock == null && subject == null && erasures.isEmpty() && accesses.isEmpty()) {
            return Optional.empty();
        }
        ObjectNode export = EventJson.mapper().createObjectNode();
        export.put("customerId", customerId.toString());
        export.set("retentionClock", clock);
        export.set("login", subject);
        export.set("erasureRequests", erasures);
        export.set("accessRequests", accesses);
        return Optional.of(export);
    }

    private JsonNode row(String sql, UUID customerId) {
        List<?> rows = entityManager.createNativeQuery(sql).setParameter(1, customerId).getResultList();
        return rows.isEmpty() ? null : JsonText.parse((String) rows.get(0));
    }
}
