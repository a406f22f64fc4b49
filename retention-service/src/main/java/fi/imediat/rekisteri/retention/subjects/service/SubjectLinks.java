package fi.imediat.rekisteri.retention.subjects.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.util.UUID;

/** Which token subject owns which customer record, as customer-service announced at self-registration. */
@ApplicationScoped
public class SubjectLinks {

    private final EntityManager entityManager;

    SubjectLinks(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void link(UUID customerId, String subject) {
        entityManager.createNativeQuery(
                        "INSERT INTO customer_subject (customer_id, subject) VALUES (?1, ?2) ON CONFLICT DO NOTHING")
                .setParameter(1, customerId).setParameter(2, subject).executeUpdate();
    }

    public boolean ownedBy(UUID customerId, String subject) {
        return subject != null && !entityManager.createNativeQuery(
                        "SELECT 1 FROM customer_subject WHERE customer_id = ?1 AND subject = ?2")
                .setParameter(1, customerId).setParameter(2, subject).getResultList().isEmpty();
    }

    /** @return whether there was a link to erase */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean erase(UUID customerId) {
        return entityManager.createNativeQuery("DELETE FROM customer_subject WHERE customer_id = ?1")
                .setParameter(1, customerId).executeUpdate() > 0;
    }
}
