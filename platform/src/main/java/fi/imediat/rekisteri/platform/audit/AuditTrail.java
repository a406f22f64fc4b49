package fi.imediat.rekisteri.platform.audit;

import fi.imediat.rekisteri.events.DataCategory;
import fi.imediat.rekisteri.platform.database.SetStatements;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.Collection;
import java.util.UUID;

/**
 * Writes the audit trail. Called in the transaction of a change, so the change and its audit row commit
 * together; a read opens its own transaction. Work done by an event consumer is recorded as the service itself.
 */
@ApplicationScoped
public class AuditTrail {

    private final EntityManager entityManager;
    private final Instance<SecurityIdentity> identity;
    private final String application;

    AuditTrail(EntityManager entityManager, Instance<SecurityIdentity> identity,
            @ConfigProperty(name = "quarkus.application.name") String application) {
        this.entityManager = entityManager;
        this.identity = identity;
        this.application = application;
    }

    @Transactional
    public void record(String operation, UUID customerId, Collection<DataCategory> categories, AuditAction action,
            ProcessingPurpose purpose) {
        insert(operation, customerId, categories, action, purpose, AuditOutcome.SUCCESS);
    }

    /** One row per customer of {@code customerIds}, all in one statement: a read or change of many at once. */
    @Transactional
    public void recordEach(String operation, Collection<UUID> customerIds, Collection<DataCategory> categories,
            AuditAction action, ProcessingPurpose purpose) {
        if (customerIds.isEmpty()) {
            return;
        }
        Caller caller = caller();
        SetStatements.update(entityManager, """
                        INSERT INTO audit_event (id, subject, client_id, customer_id, categories, action, purpose,
                            outcome, operation)
                        SELECT gen_random_uuid(), ?, ?, c.id, CAST(? AS text[]), ?, ?, ?, ?
                        FROM unnest(?) AS c(id)""",
                caller.subject(), caller.client(), categoriesArray(categories), action.name(), purpose.name(),
                AuditOutcome.SUCCESS.name(), operation, SetStatements.array("uuid", customerIds));
    }

    /** In a transaction of its own, so the refusal stays recorded when the request's transaction rolls back. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void recordDenied(String operation, UUID customerId, Collection<DataCategory> categories,
            AuditAction action, ProcessingPurpose purpose) {
        insert(operation, customerId, categories, action, purpose, AuditOutcome.DENIED);
    }

    private void insert(String operation, UUID customerId, Collection<DataCategory> categories, AuditAction action,
            ProcessingPurpose purpose, AuditOutcome outcome) {
        Caller caller = caller();
        entityManager.createNativeQuery("""
                        INSERT INTO audit_event (id, subject, client_id, customer_id, categories, action, purpose,
                            outcome, operation)
                        VALUES (?1, ?2, ?3, ?4, CAST(?5 AS text[]), ?6, ?7, ?8, ?9)""")
                .setParameter(1, UUID.randomUUID())
                .setParameter(2, caller.subject())
                .setParameter(3, caller.client())
                .setParameter(4, customerId)
                .setParameter(5, categoriesArray(categories))
                .setParameter(6, action.name())
                .setParameter(7, purpose.name())
                .setParameter(8, outcome.name())
                .setParameter(9, operation)
                .executeUpdate();
    }

    /** Who an audit row names: the token's subject and client, or this service when no one called. */
    private record Caller(String subject, String client) {
    }

    private Caller caller() {
        SecurityIdentity caller = currentCaller();
        if (caller != null && caller.getPrincipal() instanceof JsonWebToken token) {
            return new Caller(token.getSubject(), token.getClaim("azp"));
        }
        return new Caller("service:" + application, null);
    }

    private static String categoriesArray(Collection<DataCategory> categories) {
        return "{" + String.join(",", categories.stream().map(Enum::name).sorted().toList()) + "}";
    }

    /** The request's caller, or null outside a request (an event consumer, a scheduled job). */
    private SecurityIdentity currentCaller() {
        try {
            SecurityIdentity current = identity.get();
            return current.isAnonymous() ? null : current;
        } catch (RuntimeException noRequestContext) {
            return null;
        }
    }
}
