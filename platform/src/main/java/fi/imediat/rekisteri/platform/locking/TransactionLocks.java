package fi.imediat.rekisteri.platform.locking;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/**
 * Serialises work on one key (a customer's consents, prohibitions, erasure request) across threads and replicas,
 * also when there is no row yet to lock: a PostgreSQL advisory lock held until the transaction ends.
 */
@ApplicationScoped
public class TransactionLocks {

    private final EntityManager entityManager;

    TransactionLocks(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void lock(String key) {
        entityManager.createNativeQuery(
                        "SELECT count(*) FROM (SELECT pg_advisory_xact_lock(hashtextextended(?1, 0))) AS locked")
                .setParameter(1, key).getSingleResult();
    }
}
