package fi.imediat.rekisteri.customer.interests.service;

import fi.imediat.rekisteri.customer.common.Invalid;
import fi.imediat.rekisteri.customer.customers.access.VisibleCustomers;
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
import org.hibernate.Session;

import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/** A customer's interests (self-given data): tags of the managed vocabulary. */
@ApplicationScoped
public class Interests {

    private static final List<DataCategory> SELF_GIVEN = List.of(DataCategory.SELF_GIVEN);

    private final EntityManager entityManager;
    private final VisibleCustomers customers;
    private final MarketingRestrictions restrictions;
    private final AuditTrail audit;

    Interests(EntityManager entityManager, VisibleCustomers customers, MarketingRestrictions restrictions,
            AuditTrail audit) {
        this.entityManager = entityManager;
        this.customers = customers;
        this.restrictions = restrictions;
        this.audit = audit;
    }

    @SuppressWarnings("unchecked")
    public List<String> ofCustomer(UUID customerId) {
        return entityManager.createNativeQuery("SELECT tag FROM customer_interest WHERE customer_id = ?1 ORDER BY tag COLLATE \"C\"")
                .setParameter(1, customerId).getResultList();
    }

    /**
     * @param current the customer's interests as read in this transaction (none for a new customer)
     * @return the interests as stored (in tag order, as {@link #ofCustomer} reads them) when they changed; empty when they did not. A tag outside the
     *         active vocabulary is invalid.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<List<String>> replace(UUID customerId, List<String> current, List<String> tags, Instant now) {
        Set<String> active = tags.isEmpty() ? Set.of() : activeTags();
        for (int i = 0; i < tags.size(); i++) {
            if (!active.contains(tags.get(i))) {
                throw Invalid.field("interests[" + i + "]", "is not a tag of the interest vocabulary");
            }
        }
        Set<String> wanted = new TreeSet<>(tags);
        if (wanted.equals(new TreeSet<>(current))) {
            return Optional.empty();
        }
        if (!current.isEmpty()) {
            eraseAll(customerId);
        }
        if (!wanted.isEmpty()) {
            entityManager.unwrap(Session.class).doWork(connection -> {
                try (PreparedStatement insert = connection.prepareStatement("""
                        INSERT INTO customer_interest (customer_id, tag, set_at)
                        SELECT ?, tag, ? FROM unnest(?) AS tag""")) {
                    insert.setObject(1, customerId);
                    insert.setObject(2, now.atOffset(ZoneOffset.UTC));
                    insert.setArray(3, connection.createArrayOf("text", wanted.toArray()));
                    insert.executeUpdate();
                }
            });
        }
        return Optional.of(List.copyOf(wanted));
    }

    /** The active tags of the vocabulary (a handful), in one query. */
    @SuppressWarnings("unchecked")
    private Set<String> activeTags() {
        return new HashSet<>(entityManager.createNativeQuery("SELECT code FROM interest_tag WHERE active")
                .getResultList());
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
