package fi.imediat.rekisteri.customer.interests.service;

import fi.imediat.rekisteri.customer.common.Invalid;
import fi.imediat.rekisteri.customer.interests.domain.InterestTag;
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

    private final EntityManager entityManager;

    Interests(EntityManager entityManager) {
        this.entityManager = entityManager;
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
            entityManager.createNativeQuery("INSERT INTO customer_interest (customer_id, tag, set_at) VALUES (?1, ?2, ?3)")
                    .setParameter(1, customerId).setParameter(2, tag).setParameter(3, now).executeUpdate();
        }
        return true;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void eraseAll(UUID customerId) {
        entityManager.createNativeQuery("DELETE FROM customer_interest WHERE customer_id = ?1")
                .setParameter(1, customerId).executeUpdate();
    }
}
