package fi.imediat.rekisteri.consent.contactkeys.service;

import fi.imediat.rekisteri.consent.contactkeys.client.CustomerContacts;
import fi.imediat.rekisteri.consent.contactkeys.domain.ContactKey;
import fi.imediat.rekisteri.platform.locking.TransactionLocks;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** The keyed contact hashes kept per customer: replaced as a whole from customer-service's current data. */
@ApplicationScoped
public class CustomerContactKeys {

    private final EntityManager entityManager;
    private final TransactionLocks locks;
    private final ContactKeys contactKeys;

    CustomerContactKeys(EntityManager entityManager, TransactionLocks locks, ContactKeys contactKeys) {
        this.entityManager = entityManager;
        this.locks = locks;
        this.contactKeys = contactKeys;
    }

    /** The keys of a customer's contact data: name + primary address, every phone and every e-mail. */
    public List<ContactKey> keysOf(CustomerContacts customer) {
        List<ContactKey> keys = new ArrayList<>();
        primaryAddress(customer).flatMap(a -> contactKeys.nameAndAddress(customer.lastName(), customer.firstName(),
                a.street(), a.postalCode())).ifPresent(keys::add);
        nonNull(customer.phones()).forEach(p -> contactKeys.phone(p.number()).ifPresent(keys::add));
        nonNull(customer.emails()).forEach(e -> contactKeys.email(e.address()).ifPresent(keys::add));
        return keys;
    }

    /** Replaces the customer's keys, unless the customer was erased meanwhile. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void replace(UUID customerId, List<ContactKey> keys) {
        lock(customerId);
        remove(customerId);
        boolean erased = !entityManager.createNativeQuery(
                        "SELECT 1 FROM customer_relationship WHERE customer_id = ?1 AND status = 'ERASED'")
                .setParameter(1, customerId).getResultList().isEmpty();
        if (erased) {
            return;
        }
        for (ContactKey key : keys) {
            entityManager.createNativeQuery("""
                            INSERT INTO customer_contact_key (customer_id, kind, key_hash) VALUES (?1, ?2, ?3)
                            ON CONFLICT DO NOTHING""")
                    .setParameter(1, customerId).setParameter(2, key.kind().name()).setParameter(3, key.hash())
                    .executeUpdate();
        }
    }

    /** Serialises a refresh with the customer's erasure, so no key outlives the erasure. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void lock(UUID customerId) {
        locks.lock("contact-keys/" + customerId);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public int remove(UUID customerId) {
        return entityManager.createNativeQuery("DELETE FROM customer_contact_key WHERE customer_id = ?1")
                .setParameter(1, customerId).executeUpdate();
    }

    private static Optional<CustomerContacts.Address> primaryAddress(CustomerContacts customer) {
        return nonNull(customer.addresses()).stream()
                .max(Comparator.comparing(CustomerContacts.Address::primary));
    }

    private static <T> List<T> nonNull(List<T> list) {
        return list == null ? List.of() : list.stream().filter(Objects::nonNull).toList();
    }
}
