package fi.imediat.rekisteri.platform.locking;

import fi.imediat.rekisteri.platform.database.SetStatements;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.util.Collection;

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

    /**
     * Locks every key in one statement, in sorted order, so two transactions locking overlapping sets wait for
     * each other instead of deadlocking.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void lockAll(Collection<String> keys) {
        if (keys.isEmpty()) {
            return;
        }
        // A volatile function in the select list is evaluated after the ORDER BY, so the locks come in order.
        SetStatements.query(entityManager, """
                        SELECT count(*) FROM (SELECT pg_advisory_xact_lock(hashtextextended(k, 0))
                                              FROM unnest(?) AS k ORDER BY k) AS locked""",
                row -> row.getLong(1), SetStatements.array("text", keys));
    }
}
