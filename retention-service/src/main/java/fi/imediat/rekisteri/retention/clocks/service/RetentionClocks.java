package fi.imediat.rekisteri.retention.clocks.service;

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

/** The retention clock of each customer: it starts when the relationship ends (privacy notice §5). */
@ApplicationScoped
public class RetentionClocks {

    private final EntityManager entityManager;
    private final AuditTrail audit;

    RetentionClocks(EntityManager entityManager, AuditTrail audit) {
        this.entityManager = entityManager;
        this.audit = audit;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void relationshipEnded(UUID customerId, LocalDate endedOn) {
        entityManager.createNativeQuery("""
                        INSERT INTO retention_clock (customer_id, relationship_ended_on) VALUES (?1, ?2)
                        ON CONFLICT (customer_id) DO UPDATE SET relationship_ended_on = ?2, updated_at = now()""")
                .setParameter(1, customerId).setParameter(2, endedOn).executeUpdate();
        audit.record("retention-clock.start", customerId, List.of(DataCategory.CUSTOMERSHIP), AuditAction.UPDATE,
                ProcessingPurpose.RIGHTS_AND_OBLIGATIONS);
    }

    /** @return whether there was a clock to erase */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean erase(UUID customerId) {
        return entityManager.createNativeQuery("DELETE FROM retention_clock WHERE customer_id = ?1")
                .setParameter(1, customerId).executeUpdate() > 0;
    }
}
