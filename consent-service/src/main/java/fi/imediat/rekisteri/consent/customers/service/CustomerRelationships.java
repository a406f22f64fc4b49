package fi.imediat.rekisteri.consent.customers.service;

import fi.imediat.rekisteri.events.ClosureReason;
import fi.imediat.rekisteri.events.DataCategory;
import fi.imediat.rekisteri.platform.audit.AuditAction;
import fi.imediat.rekisteri.platform.audit.AuditTrail;
import fi.imediat.rekisteri.platform.audit.ProcessingPurpose;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** consent-service's projection of customer-service's customers: only whether the relationship is active. */
@ApplicationScoped
public class CustomerRelationships {

    private final EntityManager entityManager;
    private final AuditTrail audit;

    CustomerRelationships(EntityManager entityManager, AuditTrail audit) {
        this.entityManager = entityManager;
        this.audit = audit;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void opened(UUID customerId, String subject) {
        entityManager.createNativeQuery("""
                        INSERT INTO customer_relationship (customer_id, status, subject, updated_at)
                        VALUES (?1, 'ACTIVE', ?2, now())
                        ON CONFLICT (customer_id) DO UPDATE SET subject = coalesce(customer_relationship.subject, ?2)""")
                .setParameter(1, customerId).setParameter(2, subject).executeUpdate();
        audit.record("relationship.open", customerId, List.of(DataCategory.CUSTOMERSHIP), AuditAction.CREATE,
                ProcessingPurpose.CUSTOMER_RELATIONSHIP);
    }

    /** Whether {@code subject} is the self-registered owner of the customer record. */
    public boolean ownedBy(UUID customerId, String subject) {
        return subject != null && !entityManager.createNativeQuery(
                        "SELECT 1 FROM customer_relationship WHERE customer_id = ?1 AND subject = ?2")
                .setParameter(1, customerId).setParameter(2, subject).getResultList().isEmpty();
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void closed(UUID customerId, ClosureReason reason, LocalDate endedOn) {
        entityManager.createNativeQuery("""
                        INSERT INTO customer_relationship (customer_id, status, closure_reason, relationship_ended_on,
                            updated_at)
                        VALUES (?1, 'CLOSED', ?2, ?3, now())
                        ON CONFLICT (customer_id) DO UPDATE SET status = 'CLOSED', closure_reason = ?2,
                            relationship_ended_on = ?3, updated_at = now()""")
                .setParameter(1, customerId).setParameter(2, reason.name()).setParameter(3, endedOn)
                .executeUpdate();
        audit.record("relationship.close", customerId, List.of(DataCategory.CUSTOMERSHIP), AuditAction.UPDATE,
                ProcessingPurpose.CUSTOMER_RELATIONSHIP);
    }
}
