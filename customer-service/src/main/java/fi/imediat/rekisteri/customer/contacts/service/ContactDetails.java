package fi.imediat.rekisteri.customer.contacts.service;

import fi.imediat.rekisteri.customer.common.Invalid;
import fi.imediat.rekisteri.customer.contacts.domain.ContactValue;
import fi.imediat.rekisteri.customer.contacts.domain.EmailAddress;
import fi.imediat.rekisteri.customer.contacts.domain.Normalised;
import fi.imediat.rekisteri.customer.contacts.domain.PhoneNumber;
import fi.imediat.rekisteri.customer.contacts.domain.PostalAddress;
import fi.imediat.rekisteri.customer.customers.domain.DataSource;
import fi.imediat.rekisteri.platform.locking.TransactionLocks;
import fi.imediat.rekisteri.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * A customer's postal addresses, e-mail addresses and phone numbers (basic data). Lists are replaced as a whole:
 * a value that stays keeps its id and provenance, a new one is recorded with the source and time of the change.
 */
@ApplicationScoped
public class ContactDetails {

    /** A customer's contact details, primary first. */
    public record Contacts(List<PostalAddress> addresses, List<EmailAddress> emails, List<PhoneNumber> phones) {

        /** A new customer's. */
        public static final Contacts NONE = new Contacts(List.of(), List.of(), List.of());
    }

    /** The contact details after a replacement, as stored (primary first), and whether they changed. */
    public record Replacement(Contacts contacts, boolean changed) {
    }

    /** One list after its replacement. */
    private record Replaced<T>(List<T> values, boolean changed) {
    }

    /** The order the stored lists are read in: primary first, then by when set, then by id as PostgreSQL orders it. */
    private static final Comparator<ContactValue> STORED_ORDER = Comparator
            .comparing((ContactValue v) -> !v.primary)
            .thenComparing(v -> v.setAt)
            .thenComparing(v -> v.id, (a, b) -> {
                int high = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
                return high != 0 ? high : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
            });

    private final EntityManager entityManager;
    private final TransactionLocks locks;

    ContactDetails(EntityManager entityManager, TransactionLocks locks) {
        this.entityManager = entityManager;
        this.locks = locks;
    }

    public Contacts ofCustomer(UUID customerId) {
        return new Contacts(PostalAddress.ofCustomer(customerId), EmailAddress.ofCustomer(customerId),
                PhoneNumber.ofCustomer(customerId));
    }

    /** The contact details of many customers in three statements; a customer without any is left out. */
    public Map<UUID, Contacts> ofCustomers(Collection<UUID> customerIds) {
        Map<UUID, List<PostalAddress>> addresses = byCustomer(PostalAddress.ofCustomers(customerIds));
        Map<UUID, List<EmailAddress>> emails = byCustomer(EmailAddress.ofCustomers(customerIds));
        Map<UUID, List<PhoneNumber>> phones = byCustomer(PhoneNumber.ofCustomers(customerIds));
        Map<UUID, Contacts> contacts = new HashMap<>();
        Set<UUID> withAny = new HashSet<>(addresses.keySet());
        withAny.addAll(emails.keySet());
        withAny.addAll(phones.keySet());
        for (UUID customerId : withAny) {
            contacts.put(customerId, new Contacts(addresses.getOrDefault(customerId, List.of()),
                    emails.getOrDefault(customerId, List.of()), phones.getOrDefault(customerId, List.of())));
        }
        return contacts;
    }

    /** Grouped by customer, each list keeping the order it was read in. */
    private static <T extends ContactValue> Map<UUID, List<T>> byCustomer(List<T> values) {
        Map<UUID, List<T>> grouped = new HashMap<>();
        values.forEach(v -> grouped.computeIfAbsent(v.customerId, id -> new ArrayList<>()).add(v));
        return grouped;
    }

    /**
     * Replaces the customer's e-mails, phones and addresses (checked in that order). {@code current} is what the
     * customer has, as read in this transaction ({@link Contacts#NONE} for a new customer): the lists are not read
     * again, and the answer is built from what was written.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Replacement replace(UUID customerId, Contacts current, List<AddressInput> addresses,
            List<EmailInput> emails, List<PhoneInput> phones, DataSource source, Instant now) {
        Replaced<EmailAddress> newEmails = replaceEmails(customerId, current.emails(), emails, source, now);
        Replaced<PhoneNumber> newPhones = replacePhones(customerId, current.phones(), phones, source, now);
        Replaced<PostalAddress> newAddresses = replaceAddresses(customerId, current.addresses(), addresses, source,
                now);
        return new Replacement(new Contacts(newAddresses.values(), newEmails.values(), newPhones.values()),
                newEmails.changed() || newPhones.changed() || newAddresses.changed());
    }

    private Replaced<PostalAddress> replaceAddresses(UUID customerId, List<PostalAddress> current,
            List<AddressInput> inputs, DataSource source, Instant now) {
        List<PostalAddress> wanted = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            AddressInput input = inputs.get(i);
            PostalAddress address = new PostalAddress();
            address.street = input.street().trim();
            address.city = input.city().trim();
            address.country = Normalised.country(input.country());
            address.postalCode = input.postalCode().trim();
            if (!Normalised.validPostalCode(address.postalCode, address.country)) {
                throw Invalid.field("addresses[" + i + "].postalCode", Normalised.FINLAND.equals(address.country)
                        ? "must be five digits" : "is not a postal code");
            }
            wanted.add(address);
        }
        return replace(current, wanted, primaries(inputs, AddressInput::primary, "addresses"), "addresses",
                customerId, source, now);
    }

    /**
     * E-mail addresses are lower-cased and unique among active customers: one that another active customer has is
     * a 409. The check runs under a lock on the address, so two registrations cannot both take it.
     */
    private Replaced<EmailAddress> replaceEmails(UUID customerId, List<EmailAddress> current, List<EmailInput> inputs,
            DataSource source, Instant now) {
        List<EmailAddress> wanted = new ArrayList<>();
        for (EmailInput input : inputs) {
            EmailAddress email = new EmailAddress();
            email.address = Normalised.email(input.address());
            wanted.add(email);
        }
        Set<String> held = keys(current);
        wanted.stream().map(EmailAddress::key).filter(address -> !held.contains(address)).sorted().forEach(address -> {
            locks.lock("customer-email:" + address);
            if (emailInUse(address, customerId)) {
                throw ProblemException.conflict("duplicate-email", "The e-mail address is already registered");
            }
        });
        return replace(current, wanted, primaries(inputs, EmailInput::primary, "emails"), "emails", customerId,
                source, now);
    }

    /** A closed customer becomes active again only if no active customer has taken one of their e-mails (409). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void requireEmailsFree(UUID customerId) {
        EmailAddress.ofCustomer(customerId).stream().map(EmailAddress::key).sorted().forEach(address -> {
            locks.lock("customer-email:" + address);
            if (emailInUse(address, customerId)) {
                throw ProblemException.conflict("duplicate-email",
                        "An e-mail address of the customer is registered to another active customer");
            }
        });
    }

    private Replaced<PhoneNumber> replacePhones(UUID customerId, List<PhoneNumber> current, List<PhoneInput> inputs,
            DataSource source, Instant now) {
        List<PhoneNumber> wanted = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            int index = i;
            PhoneNumber phone = new PhoneNumber();
            phone.number = Normalised.phone(inputs.get(i).number()).orElseThrow(() ->
                    Invalid.field("phones[" + index + "].number", "is not a phone number"));
            wanted.add(phone);
        }
        return replace(current, wanted, primaries(inputs, PhoneInput::primary, "phones"), "phones", customerId,
                source, now);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void eraseAll(UUID customerId) {
        PostalAddress.delete("customerId", customerId);
        EmailAddress.delete("customerId", customerId);
        PhoneNumber.delete("customerId", customerId);
    }

    private boolean emailInUse(String address, UUID customerId) {
        return ((Number) entityManager.createNativeQuery("""
                        SELECT count(*) FROM customer_email e JOIN customer c ON c.id = e.customer_id
                        WHERE e.address = ?1 AND c.status = 'ACTIVE' AND c.id <> ?2""")
                .setParameter(1, address).setParameter(2, customerId).getSingleResult()).longValue() > 0;
    }

    /** Which of the inputs is primary: the one marked so, else the first; two marked is invalid. */
    private static <I> int primaries(List<I> inputs, Function<I, Boolean> primary, String field) {
        int marked = -1;
        for (int i = 0; i < inputs.size(); i++) {
            if (Boolean.TRUE.equals(primary.apply(inputs.get(i)))) {
                if (marked >= 0) {
                    throw Invalid.field(field, "only one may be primary");
                }
                marked = i;
            }
        }
        return Math.max(marked, 0);
    }

    private <T extends ContactValue> Replaced<T> replace(List<T> current, List<T> wanted, int primary, String field,
            UUID customerId, DataSource source, Instant now) {
        Set<String> wantedKeys = new HashSet<>();
        for (int i = 0; i < wanted.size(); i++) {
            if (!wantedKeys.add(wanted.get(i).key())) {
                throw Invalid.field(field + "[" + i + "]", "is listed twice");
            }
            wanted.get(i).primary = i == primary;
        }
        Map<String, T> held = new HashMap<>();
        current.forEach(value -> held.put(value.key(), value));
        boolean same = held.keySet().equals(wantedKeys)
                && wanted.stream().allMatch(w -> held.get(w.key()).primary == w.primary);
        if (same) {
            return new Replaced<>(current, false);
        }
        // Two steps, because the database allows one primary per customer at any moment.
        for (T value : current) {
            if (wantedKeys.contains(value.key())) {
                value.primary = false;
            } else {
                value.delete();
            }
        }
        if (!current.isEmpty()) {
            entityManager.flush();
        }
        List<T> stored = new ArrayList<>();
        for (T value : wanted) {
            T kept = held.get(value.key());
            if (kept != null) {
                kept.primary = value.primary;
                stored.add(kept);
            } else {
                value.id = UUID.randomUUID();
                value.customerId = customerId;
                value.source = source;
                value.setAt = now;
                value.persist();
                stored.add(value);
            }
        }
        entityManager.flush();
        stored.sort(STORED_ORDER);
        return new Replaced<>(List.copyOf(stored), true);
    }

    private static Set<String> keys(List<? extends ContactValue> values) {
        Set<String> keys = new HashSet<>();
        values.forEach(v -> keys.add(v.key()));
        return keys;
    }
}
