package fi.imediat.rekisteri.retention.subjects.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/** Which token subject owns which customer record, as customer-service announced at self-registration. */
@ApplicationScoped
public class SubjectLinks {

    private static final Duration POLL = Duration.ofMillis(100);

    private final EntityManager entityManager;
    private final Duration linkWait;

    SubjectLinks(EntityManager entityManager, SubjectLinkConfig config) {
        this.entityManager = entityManager;
        this.linkWait = config.linkWait();
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void link(UUID customerId, String subject) {
        entityManager.createNativeQuery(
                        "INSERT INTO customer_subject (customer_id, subject) VALUES (?1, ?2) ON CONFLICT DO NOTHING")
                .setParameter(1, customerId).setParameter(2, subject).executeUpdate();
    }

    /**
     * Whether {@code subject} owns the customer record. A record linked to nobody yet is awaited for a while: the
     * data subject may have registered a moment ago, and customer.registered is still on its way. A record linked
     * to someone else is answered at once.
     */
    public boolean ownedBy(UUID customerId, String subject) {
        if (subject == null) {
            return false;
        }
        long giveUpAt = System.nanoTime() + linkWait.toNanos();
        Optional<String> owner = owner(customerId);
        while (owner.isEmpty() && System.nanoTime() < giveUpAt) {
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            owner = owner(customerId);
        }
        return owner.filter(subject::equals).isPresent();
    }

    private Optional<String> owner(UUID customerId) {
        return entityManager.createNativeQuery("SELECT subject FROM customer_subject WHERE customer_id = ?1",
                        String.class)
                .setParameter(1, customerId).getResultStream().findFirst();
    }

    /** @return whether there was a link to erase */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean erase(UUID customerId) {
        return entityManager.createNativeQuery("DELETE FROM customer_subject WHERE customer_id = ?1")
                .setParameter(1, customerId).executeUpdate() > 0;
    }
}
