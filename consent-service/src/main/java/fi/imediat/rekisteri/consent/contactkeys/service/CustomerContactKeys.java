package fi.imediat.rekisteri.consent.contactkeys.service;

import fi.imediat.rekisteri.consent.contactkeys.client.CustomerContacts;
import fi.imediat.rekisteri.consent.contactkeys.domain.ContactKey;
import fi.imediat.rekisteri.platform.locking.TransactionLocks;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.hibernate.Session;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** The keyed contact hashes kept per customer: replaced as a whole from customer-service's current data. */
@ApplicationScoped
public class CustomerContactKeys {

    private final EntityManager entityManager;
    private final TransactionLocks locks;
    private final ContactKeys contactKeys;
    private final ContactKeyChain chain;
    private final ContactKeyRotation rotation;

    CustomerContactKeys(EntityManager entityManager, TransactionLocks locks, ContactKeys contactKeys,
            ContactKeyChain chain, ContactKeyRotation rotation) {
        this.entityManager = entityManager;
        this.locks = locks;
        this.contactKeys = contactKeys;
        this.chain = chain;
        this.rotation = rotation;
    }

    /** The keys of a customer's contact data (under key 1): name + primary address, every phone and every e-mail. */
    public List<ContactKey> keysOf(CustomerContacts customer) {
        List<ContactKey> keys = new ArrayList<>();
        primaryAddress(customer).flatMap(a -> contactKeys.nameAndAddress(customer.lastName(), customer.firstName(),
                a.street(), a.postalCode())).ifPresent(keys::add);
        nonNull(customer.phones()).forEach(p -> contactKeys.phone(p.number()).ifPresent(keys::add));
        nonNull(customer.emails()).forEach(e -> contactKeys.email(e.address()).ifPresent(keys::add));
        return keys;
    }

    /**
     * Replaces the keys of every customer of {@code keys} as a set (a lock, a delete and an insert for all of them),
     * except for customers erased meanwhile, whose keys are only removed. They are stored re-keyed to the current key.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void replaceAll(Map<UUID, List<ContactKey>> keys) {
        if (keys.isEmpty()) {
            return;
        }
        locks.lockAll(keys.keySet().stream().map(CustomerContactKeys::lockKey).toList());
        int keyId = rotation.currentKeyId();
        List<UUID> customers = new ArrayList<>();
        List<String> kinds = new ArrayList<>();
        List<String> hashes = new ArrayList<>();
        keys.forEach((customer, ofCustomer) -> ofCustomer.forEach(key -> {
            customers.add(customer);
            kinds.add(key.kind().name());
            hashes.add(HexFormat.of().formatHex(chain.rekey(key.hash(), ContactKeyChain.FIRST_KEY_ID, keyId)));
        }));
        entityManager.unwrap(Session.class).doWork(connection -> {
            Array all = connection.createArrayOf("uuid", keys.keySet().toArray());
            Array keyCustomers = connection.createArrayOf("uuid", customers.toArray());
            Array keyKinds = connection.createArrayOf("text", kinds.toArray());
            Array keyHashes = connection.createArrayOf("text", hashes.toArray());
            try (PreparedStatement delete = connection.prepareStatement(
                         "DELETE FROM customer_contact_key WHERE customer_id = ANY (?)");
                 PreparedStatement insert = connection.prepareStatement("""
                         INSERT INTO customer_contact_key (customer_id, kind, key_hash, key_id)
                         SELECT k.customer_id, k.kind, decode(k.hash, 'hex'), ?
                         FROM unnest(?, ?, ?) AS k(customer_id, kind, hash)
                         WHERE NOT EXISTS (SELECT 1 FROM customer_relationship r
                                           WHERE r.customer_id = k.customer_id AND r.status = 'ERASED')
                         ON CONFLICT DO NOTHING""")) {
                delete.setArray(1, all);
                delete.executeUpdate();
                insert.setInt(1, keyId);
                insert.setArray(2, keyCustomers);
                insert.setArray(3, keyKinds);
                insert.setArray(4, keyHashes);
                insert.executeUpdate();
            } finally {
                all.free();
                keyCustomers.free();
                keyKinds.free();
                keyHashes.free();
            }
        });
    }

    /**
     * Serialises a refresh with the customer's erasure, so no key outlives the erasure, and holds off a rotation, so
     * the suppression keys an erasure copies from the customer's are re-keyed with them.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void lock(UUID customerId) {
        locks.lock(lockKey(customerId));
        rotation.currentKeyId();
    }

    private static String lockKey(UUID customerId) {
        return "contact-keys/" + customerId;
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
