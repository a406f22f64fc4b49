package fi.imediat.rekisteri.customer.interests.service;

import fi.imediat.rekisteri.customer.common.Invalid;
import fi.imediat.rekisteri.customer.customers.service.CustomerService;
import fi.imediat.rekisteri.customer.interests.domain.InterestTag;
import fi.imediat.rekisteri.customer.marketing.service.MarketingRestrictions;
import fi.imediat.rekisteri.events.Channel;
import fi.imediat.rekisteri.events.DataCategory;
import fi.imediat.rekisteri.events.Purpose;
import fi.imediat.rekisteri.platform.audit.AuditAction;
import fi.imediat.rekisteri.platform.audit.AuditTrail;
import fi.imediat.rekisteri.platform.audit.ProcessingPurpose;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** A customer's interests (self-given data): tags of the managed vocabulary. */
@ApplicationScoped
public class Interests {

    private static final List<DataCategory> SELF_GIVEN = List.of(DataCategory.SELF_GIVEN);

    private final EntityManager entityManager;
    private final CustomerService customers;
    private final MarketingRestrictions restrictions;
    private final AuditTrail audit;

    Interests(EntityManager entityManager, CustomerService customers, MarketingRestrictions restrictions,
            AuditTrail audit) {
        this.entityManager = entityManager;
        this.customers = customers;
        this.restrictions = restrictions;
        this.audit = audit;
    }

    @SuppressWarnings("unchecked")
    public List<String> ofCustomer(UUID customerId) {
        return entityManager.createNativeQuery("SELECT tag FROM customer_interest WHERE customer_id = ?1 ORDER BY tag")
                .setParameter(1, customerId).getResultList();
    }

    /** @return whether the interests changed; a tag outside the active vocabulary is invalid */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean replace(UUID customerId, List<String> tags, Instant now) {
        Set<String> wanted = new HashSet<>();
        for (int i = 0; i < tags.size(); i++) {
            InterestTag tag = InterestTag.findById(tags.get(i));
            if (tag == null || !tag.active) {
                throw Invalid.field("interests[" + i + "]", "is not a tag of the interest vocabulary");
            }
            wanted.add(tag.code);
        }
        if (wanted.equals(new HashSet<>(ofCustomer(customerId)))) {
            return false;
        }
        eraseAll(customerId);
        for (String tag : wanted) {
            entityManager.createNativeQuery(
                            "INSERT INTO customer_interest (customer_id, tag, set_at) VALUES (?1, ?2, ?3)")
                    .setParameter(1, customerId).setParameter(2, tag).setParameter(3, now).executeUpdate();
        }
        return true;
    }

    /**
     * The interests for targeting {@code purpose} on {@code channel}: null when a withdrawal or prohibition
     * restricts that use. Audited as a marketing read.
     */
    @Transactional
    public List<String> forTargeting(UUID customerId, Purpose purpose, Channel channel) {
        customers.visible(customerId, "interests.targeting", AuditAction.READ, SELF_GIVEN);
        if (restrictions.restricts(customerId, purpose, channel)) {
            return null;
        }
        audit.record("interests.targeting", customerId, SELF_GIVEN, AuditAction.READ,
                ProcessingPurpose.MARKETING_TARGETING);
        return ofCustomer(customerId);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void eraseAll(UUID customerId) {
        entityManager.createNativeQuery("DELETE FROM customer_interest WHERE customer_id = ?1")
                .setParameter(1, customerId).executeUpdate();
    }
}
