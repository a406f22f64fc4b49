package fi.imediat.rekisteri.retention.policies.service;

import fi.imediat.rekisteri.events.DataCategory;
import fi.imediat.rekisteri.platform.audit.AuditAction;
import fi.imediat.rekisteri.platform.audit.AuditTrail;
import fi.imediat.rekisteri.platform.audit.ProcessingPurpose;
import fi.imediat.rekisteri.platform.locking.TransactionLocks;
import fi.imediat.rekisteri.retention.policies.domain.RetentionBasis;
import fi.imediat.rekisteri.retention.policies.domain.RetentionPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.Period;
import java.util.List;

/**
 * The retention policies in force and their history. A change appends a version; nothing is overwritten, so what
 * applied at any time can be shown. Retention clocks and the privacy notice read the live table.
 */
@ApplicationScoped
public class RetentionPolicies {

    private static final String COLUMNS = "category, version, basis, period, restricted, changed_by, changed_at";

    private final EntityManager entityManager;
    private final TransactionLocks locks;
    private final AuditTrail audit;

    RetentionPolicies(EntityManager entityManager, TransactionLocks locks, AuditTrail audit) {
        this.entityManager = entityManager;
        this.locks = locks;
        this.audit = audit;
    }

    /** The policy in force for every category that has one, in category order. */
    public List<RetentionPolicy> current() {
        return query("SELECT " + COLUMNS + " FROM current_retention_policy", null);
    }

    /** Every version, newest first; {@code category} null for all categories. */
    public List<RetentionPolicy> history(DataCategory category) {
        return category == null
                ? query("SELECT " + COLUMNS + " FROM retention_policy ORDER BY category, version DESC", null)
                : query("SELECT " + COLUMNS + " FROM retention_policy WHERE category = ?1 ORDER BY version DESC",
                        category);
    }

    /** Puts a new version of a category's policy in force (the caller has validated basis and period). */
    @Transactional
    public RetentionPolicy change(DataCategory category, RetentionBasis basis, Period period, boolean restricted,
            String changedBy) {
        locks.lock("retention-policy/" + category);
        entityManager.createNativeQuery("""
                        INSERT INTO retention_policy (category, version, basis, period, restricted, changed_by)
                        SELECT ?1, coalesce(max(version), 0) + 1, ?2, ?3, ?4, ?5
                        FROM retention_policy WHERE category = ?1""")
                .setParameter(1, category.name()).setParameter(2, basis.name())
                .setParameter(3, period == null ? null : period.toString()).setParameter(4, restricted)
                .setParameter(5, changedBy)
                .executeUpdate();
        audit.record("retention-policy.change", null, List.of(category), AuditAction.UPDATE,
                ProcessingPurpose.SUPERVISION);
        return history(category).get(0);
    }

    private List<RetentionPolicy> query(String sql, DataCategory category) {
        var query = entityManager.createNativeQuery(sql);
        if (category != null) {
            query.setParameter(1, category.name());
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = query.getResultList();
        return rows.stream().map(r -> new RetentionPolicy(DataCategory.valueOf((String) r[0]),
                ((Number) r[1]).intValue(), RetentionBasis.valueOf((String) r[2]),
                r[3] == null ? null : Period.parse((String) r[3]), (Boolean) r[4], (String) r[5],
                (Instant) r[6])).toList();
    }
}
