package fi.imediat.rekisteri.customer.customers.service;

import fi.imediat.rekisteri.customer.contacts.service.AddressInput;
import fi.imediat.rekisteri.customer.contacts.service.ContactDetails;
import fi.imediat.rekisteri.customer.contacts.service.ContactDetails.Contacts;
import fi.imediat.rekisteri.customer.contacts.service.EmailInput;
import fi.imediat.rekisteri.customer.contacts.service.PhoneInput;
import fi.imediat.rekisteri.customer.customers.access.VisibleCustomers;
import fi.imediat.rekisteri.customer.customers.domain.Customer;
import fi.imediat.rekisteri.customer.customers.domain.CustomerStatus;
import fi.imediat.rekisteri.customer.customers.domain.DataSource;
import fi.imediat.rekisteri.customer.interests.service.Interests;
import fi.imediat.rekisteri.customer.subscriptions.service.Customership;
import fi.imediat.rekisteri.customer.subscriptions.service.LastServiceEnded;
import fi.imediat.rekisteri.events.ClosureReason;
import fi.imediat.rekisteri.events.CustomerClosed;
import fi.imediat.rekisteri.events.CustomerRegistered;
import fi.imediat.rekisteri.events.CustomerUpdated;
import fi.imediat.rekisteri.events.DataCategory;
import fi.imediat.rekisteri.events.EventType;
import fi.imediat.rekisteri.platform.audit.AuditAction;
import fi.imediat.rekisteri.platform.audit.AuditTrail;
import fi.imediat.rekisteri.platform.audit.ProcessingPurpose;
import fi.imediat.rekisteri.platform.locking.TransactionLocks;
import fi.imediat.rekisteri.platform.outbox.Outbox;
import fi.imediat.rekisteri.platform.problem.ProblemException;
import fi.imediat.rekisteri.platform.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;

/** Registers, reads, rectifies and closes customers; every change commits with its events. */
@ApplicationScoped
public class CustomerService {

    /** The outcome of a closure: the event holders acknowledge, and when the relationship ended. */
    public record Closure(Customer customer, UUID eventId) {
    }

    /** The categories of the customer record: what registration, reading and rectification touch. */
    public static final List<DataCategory> RECORD = List.of(DataCategory.BASIC_DATA, DataCategory.IDENTIFICATION,
            DataCategory.SELF_GIVEN);

    private final Outbox outbox;
    private final AuditTrail audit;
    private final Caller caller;
    private final VisibleCustomers customers;
    private final ContactDetails contacts;
    private final Interests interests;
    private final TransactionLocks locks;
    private final Customership customership;
    private final Clock clock;

    CustomerService(Outbox outbox, AuditTrail audit, Caller caller, VisibleCustomers customers,
            ContactDetails contacts, Interests interests, TransactionLocks locks, Customership customership,
            Clock clock) {
        this.customers = customers;
        this.customership = customership;
        this.outbox = outbox;
        this.audit = audit;
        this.caller = caller;
        this.contacts = contacts;
        this.interests = interests;
        this.locks = locks;
        this.clock = clock;
    }

    /** {@code subject} is set when the customers register themselves; {@code source} is every value's source. */
    @Transactional
    public CustomerRecord register(CustomerData data, DataSource source, String subject) {
        if (subject != null && Customer.subjectRegistered(subject)) {
            throw ProblemException.conflict("already-registered",
                    "You are registered already: your record is at GET /customers/me");
        }
        Instant now = now();
        Customer customer = new Customer();
        customer.id = UUID.randomUUID();
        customer.status = CustomerStatus.ACTIVE;
        customer.source = source;
        customer.subject = subject;
        customer.registeredAt = now;
        CustomerRecord nothingYet = new CustomerRecord(customer, Contacts.NONE, List.of());
        Applied applied = apply(nothingYet, dataOf(nothingYet), data, source, now);
        audit.record("customer.register", customer.id, RECORD, AuditAction.CREATE,
                ProcessingPurpose.CUSTOMER_RELATIONSHIP);
        outbox.record(EventType.CUSTOMER_REGISTERED, customer.id,
                new CustomerRegistered(customer.id, customer.registeredAt, customer.source.name(),
                        customer.subject));
        return applied.record();
    }

    /**
     * Rectification: {@code change} turns the customer's current data into the wanted data (a JSON Merge Patch).
     * Only what differs is written, each changed value with {@code source} and the time; customer.updated names
     * the changed categories. Nothing changed, nothing published.
     */
    @Transactional
    public CustomerRecord rectify(UUID id, UnaryOperator<CustomerData> change, DataSource source) {
        locks.lock("customer:" + id);
        CustomerRecord record = recordOf(customers.visible(id, "customer.rectify", AuditAction.UPDATE, RECORD));
        CustomerData current = dataOf(record);
        Applied applied = apply(record, current, change.apply(current), source, now());
        if (!applied.changed().isEmpty()) {
            List<DataCategory> categories = applied.changed().stream().sorted().toList();
            audit.record("customer.rectify", id, categories, AuditAction.UPDATE, customers.purpose());
            outbox.record(EventType.CUSTOMER_UPDATED, id, new CustomerUpdated(id, categories, Instant.now(clock)));
        }
        return applied.record();
    }

    /** The record as written, and which categories changed. */
    private record Applied(CustomerRecord record, Set<DataCategory> changed) {
    }

    /**
     * Writes what differs between {@code current} (the data of {@code record}, as read in this transaction) and
     * {@code wanted}; the answer is built from what was written, not read again.
     */
    private Applied apply(CustomerRecord record, CustomerData current, CustomerData wanted, DataSource source,
            Instant now) {
        Customer customer = record.customer();
        Set<DataCategory> changed = EnumSet.noneOf(DataCategory.class);
        String username = wanted.username() == null ? null : wanted.username().trim();
        if (!Objects.equals(username, current.username())) {
            if (username != null) {
                locks.lock("customer-username:" + username.toLowerCase(Locale.ROOT));
                if (Customer.usernameTaken(username, customer.id)) {
                    throw ProblemException.conflict("duplicate-username", "The username is already taken");
                }
            }
            customer.username = username;
            changed.add(DataCategory.IDENTIFICATION);
        }
        String firstName = wanted.firstName().trim();
        String lastName = wanted.lastName().trim();
        if (!firstName.equals(current.firstName()) || !lastName.equals(current.lastName())) {
            customer.firstName = firstName;
            customer.lastName = lastName;
            customer.nameSource = source;
            customer.nameSetAt = now;
            changed.add(DataCategory.BASIC_DATA);
        }
        if (!Objects.equals(wanted.birthDate(), current.birthDate())) {
            customer.birthDate = wanted.birthDate();
            customer.birthDateSource = wanted.birthDate() == null ? null : source;
            customer.birthDateSetAt = wanted.birthDate() == null ? null : now;
            changed.add(DataCategory.BASIC_DATA);
        }
        String occupation = blankToNull(wanted.occupation());
        if (!Objects.equals(occupation, current.occupation())) {
            customer.occupation = occupation;
            customer.occupationSource = occupation == null ? null : source;
            customer.occupationSetAt = occupation == null ? null : now;
            changed.add(DataCategory.BASIC_DATA);
        }
        String selfDescription = blankToNull(wanted.selfDescription());
        if (!Objects.equals(selfDescription, current.selfDescription())) {
            customer.selfDescription = selfDescription;
            customer.selfDescriptionSetAt = selfDescription == null ? null : now;
            changed.add(DataCategory.SELF_GIVEN);
        }
        // The row first: contact details and interests refer to it.
        if (!customer.isPersistent()) {
            customer.persist();
        }
        Customer.flush();
        ContactDetails.Replacement replaced = contacts.replace(customer.id, record.contacts(), wanted.addresses(),
                wanted.emails(), wanted.phones(), source, now);
        if (replaced.changed()) {
            changed.add(DataCategory.BASIC_DATA);
        }
        Optional<List<String>> newInterests = interests.replace(customer.id, record.interests(), wanted.interests(),
                now);
        newInterests.ifPresent(ignored -> changed.add(DataCategory.SELF_GIVEN));
        return new Applied(new CustomerRecord(customer, replaced.contacts(),
                newInterests.orElse(record.interests())), changed);
    }

    /** Now, as precisely as PostgreSQL stores it: an answer built from what was written equals a later read. */
    private Instant now() {
        return Instant.now(clock).truncatedTo(ChronoUnit.MICROS);
    }

    /** What an exact-match search looks for; the value is normalised the way stored values are. */
    public enum SearchKey { USERNAME, EMAIL, PHONE, CUSTOMER_NUMBER }

    /**
     * Customers whose username, e-mail, phone or customer number is exactly {@code value}, in customer number
     * order after {@code afterNumber}; up to {@code limit} of them. Each one found is audited as read.
     */
    @Transactional
    public List<CustomerRecord> search(SearchKey key, String value, long afterNumber, int limit) {
        String where = switch (key) {
            case USERNAME -> "lower(username) = lower(?1)";
            case EMAIL -> "id IN (SELECT e.customerId FROM EmailAddress e WHERE e.address = ?1)";
            case PHONE -> "id IN (SELECT p.customerId FROM PhoneNumber p WHERE p.number = ?1)";
            case CUSTOMER_NUMBER -> "customerNumber = ?1";
        };
        Object parameter = key == SearchKey.CUSTOMER_NUMBER ? (Object) Long.valueOf(value) : value;
        List<Customer> found = Customer.<Customer>find(where + " AND status <> ?2 AND customerNumber > ?3 "
                        + "ORDER BY customerNumber", parameter, CustomerStatus.ERASED, afterNumber)
                .range(0, limit - 1).list();
        found.forEach(c -> audit.record("customer.search", c.id, RECORD, AuditAction.READ,
                ProcessingPurpose.CUSTOMER_RELATIONSHIP));
        return found.stream().map(this::recordOf).toList();
    }

    /**
     * Reads a customer for {@code purpose}; the read is audited. A data subject sees only their own record and gets
     * "not found" for any other, so ids cannot be probed.
     */
    @Transactional
    public CustomerRecord read(UUID id, ProcessingPurpose purpose) {
        Customer customer = customers.visible(id, "customer.read", AuditAction.READ, RECORD);
        audit.record("customer.read", id, RECORD, AuditAction.READ, purpose);
        return recordOf(customer);
    }

    /** The record a data subject registered themselves, found by their token's subject; the read is audited. */
    @Transactional
    public CustomerRecord readOwn() {
        Customer customer = Customer.ofSubject(caller.subject())
                .orElseThrow(() -> ProblemException.notFound("Your own customer record"));
        audit.record("customer.read", customer.id, RECORD, AuditAction.READ, ProcessingPurpose.DATA_SUBJECT_RIGHTS);
        return recordOf(customer);
    }

    /**
     * Reads a customer for their access request (GDPR art. 15), audited as an export; a data subject exports only
     * their own record.
     */
    @Transactional
    public CustomerRecord export(UUID id, List<DataCategory> categories) {
        Customer customer = Customer.findById(id);
        if (customer == null) {
            throw ProblemException.notFound("Customer " + id);
        }
        // An erased customer's tombstone is exported too: the invoices kept for accounting law hang on it.
        customers.owned(customer, "customer.export", AuditAction.EXPORT, categories);
        audit.record("customer.export", id, categories, AuditAction.EXPORT, ProcessingPurpose.DATA_SUBJECT_RIGHTS);
        return recordOf(customer);
    }

    private CustomerRecord recordOf(Customer customer) {
        return new CustomerRecord(customer, contacts.ofCustomer(customer.id), interests.ofCustomer(customer.id));
    }

    /** The record as the editable shape a merge patch applies to. */
    private static CustomerData dataOf(CustomerRecord record) {
        Customer c = record.customer();
        Contacts contacts = record.contacts();
        return new CustomerData(c.firstName, c.lastName, c.birthDate, c.occupation, c.username,
                contacts.addresses().stream().map(a -> new AddressInput(a.street, a.postalCode, a.city, a.country,
                        a.primary)).toList(),
                contacts.emails().stream().map(e -> new EmailInput(e.address, e.primary)).toList(),
                contacts.phones().stream().map(p -> new PhoneInput(p.number, p.primary)).toList(),
                record.interests(), c.selfDescription);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    /**
     * Ends the customer relationship: on the closure date, or when the last service that runs longer ends (its
     * services without an end date end now). customer-service is itself a holder of the closed customer's data and has
     * applied the closure by committing it: the event stands for its acknowledgement ({@code Topics.writer}).
     */
    @Transactional
    public Closure close(UUID id, ClosureReason reason) {
        return close(id, reason, LocalDate.now(clock));
    }

    /**
     * VTJ reports that the person has died, on {@code diedOn} (null: VTJ gave no date). The date is kept, and an
     * active customer's relationship ends on it (on the day of the report without one). The same report again
     * changes nothing.
     *
     * @return whether the relationship ended now
     */
    @Transactional
    public boolean recordDeath(UUID id, LocalDate diedOn) {
        locks.lock("customer:" + id);
        Customer customer = customers.find(id);
        boolean active = customer.status == CustomerStatus.ACTIVE;
        if (!active && Objects.equals(customer.deceasedOn, diedOn)) {
            return false;
        }
        customer.deceasedOn = diedOn;
        audit.record("customer.record-death", id, List.of(DataCategory.BASIC_DATA), AuditAction.UPDATE,
                ProcessingPurpose.CUSTOMER_RELATIONSHIP);
        if (active) {
            close(id, ClosureReason.RELATIONSHIP_ENDED, diedOn == null ? LocalDate.now(clock) : diedOn);
        } else {
            outbox.record(EventType.CUSTOMER_UPDATED, id, new CustomerUpdated(id, List.of(DataCategory.BASIC_DATA),
                    Instant.now(clock)));
        }
        return active;
    }

    /** The relationship ends with the customer's last service (fired by {@link Customership}, same transaction). */
    void onLastServiceEnded(@Observes LastServiceEnded ended) {
        close(ended.customerId(), ClosureReason.RELATIONSHIP_ENDED, ended.endedOn());
    }

    /**
     * Ends the customer relationship on {@code endedOn}, which may be before today: the day a person died (VTJ), or
     * the end of their last service. Services without an end date end then; services that end later run to their
     * end, which is then the end of the relationship.
     */
    @Transactional
    public Closure close(UUID id, ClosureReason reason, LocalDate endedOn) {
        locks.lock("customer:" + id);
        Customer customer = customers.find(id);
        if (customer.status != CustomerStatus.ACTIVE) {
            throw ProblemException.conflict("already-closed", "Customer " + id + " is already closed");
        }
        customer.status = CustomerStatus.CLOSED;
        customer.closureReason = reason;
        customer.closedAt = Instant.now(clock);
        customer.relationshipEndedOn = customership.endServicesOnClosure(id, endedOn);
        UUID eventId = outbox.record(EventType.CUSTOMER_CLOSED, customer.id, new CustomerClosed(customer.id, reason,
                customer.closedAt, customer.relationshipEndedOn));
        audit.record("customer.close", customer.id, List.of(DataCategory.CUSTOMERSHIP), AuditAction.UPDATE,
                ProcessingPurpose.CUSTOMER_RELATIONSHIP);
        return new Closure(customer, eventId);
    }
}
