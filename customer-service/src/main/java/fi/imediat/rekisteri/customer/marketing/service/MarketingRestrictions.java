package fi.imediat.rekisteri.customer.marketing.service;

import fi.imediat.rekisteri.events.Channel;
import fi.imediat.rekisteri.events.Purpose;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import fi.imediat.rekisteri.events.DataCategory;
import fi.imediat.rekisteri.platform.audit.AuditAction;
import fi.imediat.rekisteri.platform.audit.AuditTrail;
import fi.imediat.rekisteri.platform.audit.ProcessingPurpose;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The purposes and channels for which this service must not use a customer's data, as consent-service has
 * announced them. Marketing reads of this service's data consult it.
 */
@ApplicationScoped
public class MarketingRestrictions {

    private final EntityManager entityManager;
    private final AuditTrail audit;

    MarketingRestrictions(EntityManager entityManager, AuditTrail audit) {
        this.entityManager = entityManager;
        this.audit = audit;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void restrict(UUID customerId, Purpose purpose, Channel channel, Instant since) {
        entityManager.createNativeQuery("""
                        INSERT INTO marketing_restriction (customer_id, purpose, channel, since)
                        VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING""")
                .setParameter(1, customerId).setParameter(2, purpose.name()).setParameter(3, channel.name())
                .setParameter(4, since)
                .executeUpdate();
        audit.record("marketing-restriction.apply", customerId, List.of(DataCategory.MARKETING_PERMISSIONS),
                AuditAction.UPDATE, ProcessingPurpose.DATA_SUBJECT_RIGHTS);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void lift(UUID customerId, Purpose purpose, Channel channel) {
        entityManager.createNativeQuery(
                        "DELETE FROM marketing_restriction WHERE customer_id = ?1 AND purpose = ?2 AND channel = ?3")
                .setParameter(1, customerId).setParameter(2, purpose.name()).setParameter(3, channel.name())
                .executeUpdate();
    }

    public boolean isRestricted(UUID customerId, Purpose purpose, Channel channel) {
        return !entityManager.createNativeQuery("""
                        SELECT 1 FROM marketing_restriction
                        WHERE customer_id = ?1 AND purpose = ?2 AND channel = ?3""")
                .setParameter(1, customerId).setParameter(2, purpose.name()).setParameter(3, channel.name())
                .getResultList().isEmpty();
    }
}
