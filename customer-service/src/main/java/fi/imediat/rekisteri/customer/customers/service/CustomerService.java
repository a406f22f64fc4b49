package fi.imediat.rekisteri.customer.customers.service;

import fi.imediat.rekisteri.customer.customers.domain.Customer;
import fi.imediat.rekisteri.customer.customers.domain.CustomerStatus;
import fi.imediat.rekisteri.customer.customers.domain.DataSource;
import fi.imediat.rekisteri.events.AckOutcome;
import fi.imediat.rekisteri.events.ClosureReason;
import fi.imediat.rekisteri.events.CustomerClosed;
import fi.imediat.rekisteri.events.CustomerRegistered;
import fi.imediat.rekisteri.events.EventType;
import fi.imediat.rekisteri.events.HolderAcknowledged.CategoryOutcome;
import fi.imediat.rekisteri.events.DataCategory;
import fi.imediat.rekisteri.platform.audit.AuditAction;
import fi.imediat.rekisteri.platform.audit.AuditTrail;
import fi.imediat.rekisteri.platform.audit.ProcessingPurpose;
import fi.imediat.rekisteri.platform.holder.HolderAcknowledgements;
import fi.imediat.rekisteri.platform.outbox.Outbox;
import fi.imediat.rekisteri.platform.problem.ProblemException;
import fi.imediat.rekisteri.platform.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/** Registers, reads and closes customers; every change commits with its events. */
@ApplicationScoped
public class CustomerService {

    /** Customer registration data as validated by the REST layer. */
    /** {@code subject} is set when the customers register themselves. */
    public record Registration(String firstName, String lastName, LocalDate birthDate, String email,
            String username, DataSource source, String subject) {
    }

    /** The outcome of a closure: the event holders acknowledge, and when the relationship ended. */
    public record Closure(Customer customer, UUID eventId) {
    }

    /** The categories of the customer record this slice of the service holds. */
    private static final List<DataCategory> RECORD = List.of(DataCategory.BASIC_DATA, DataCategory.IDENTIFICATION);

    private final Outbox outbox;
    private final HolderAcknowledgements acknowledgements;
    private final AuditTrail audit;
    private final Caller caller;
    private final Clock clock;

    CustomerService(Outbox outbox, HolderAcknowledgements acknowledgements, AuditTrail audit, Caller caller) {
        this.outbox = outbox;
        this.acknowledgements = acknowledgements;
        this.audit = audit;
        this.caller = caller;
        this.clock = Clock.systemUTC();
    }

    @Transactional
    public Customer register(Registration registration) {
        String email = registration.email() == null ? null : registration.email().trim().toLowerCase(Locale.ROOT);
        if (email != null && Customer.emailTaken(email)) {
            throw ProblemException.conflict("duplicate-email", "The e-mail address is already registered");
        }
        if (registration.subject() != null && Customer.subjectRegistered(registration.subject())) {
            throw ProblemException.conflict("already-registered", "You are registered already");
        }
        if (registration.username() != null && Customer.usernameTaken(registration.username())) {
            throw ProblemException.conflict("duplicate-username", "The username is already taken");
        }
        Customer customer = new Customer();
        customer.id = UUID.randomUUID();
        customer.status = CustomerStatus.ACTIVE;
        customer.firstName = registration.firstName();
        customer.lastName = registration.lastName();
        customer.birthDate = registration.birthDate();
        customer.email = email;
        customer.username = registration.username();
        customer.source = registration.source();
        customer.subject = registration.subject();
        customer.registeredAt = Instant.now(clock);
        customer.persistAndFlush();
        outbox.record(EventType.CUSTOMER_REGISTERED, customer.id,
                new CustomerRegistered(customer.id, customer.registeredAt, customer.source.name(),
                        customer.subject));
        audit.record("customer.register", customer.id, RECORD, AuditAction.CREATE,
                ProcessingPurpose.CUSTOMER_RELATIONSHIP);
        return customer;
    }

    /**
     * Reads a customer for {@code purpose}; the read is audited. A data subject sees only their own record and gets
     * "not found" for any other, so ids cannot be probed.
     */
    @Transactional
    public Customer read(UUID id, ProcessingPurpose purpose) {
        return accessible(id, "customer.read", AuditAction.READ, RECORD, purpose);
    }

    /**
     * Reads a customer for their access request (GDPR art. 15): everything this service holds, audited as an
     * export; a data subject exports only their own record.
     */
    @Transactional
    public Customer export(UUID id, List<DataCategory> categories) {
        return accessible(id, "customer.export", AuditAction.EXPORT, categories,
                ProcessingPurpose.DATA_SUBJECT_RIGHTS);
    }

    private Customer accessible(UUID id, String operation, AuditAction action, List<DataCategory> categories,
            ProcessingPurpose purpose) {
        Customer customer = find(id);
        if (caller.isDataSubject() && !caller.owns(customer.subject)) {
            audit.recordDenied(operation, id, categories, action, purpose);
            throw ProblemException.notFound("Customer " + id);
        }
        audit.record(operation, id, categories, action, purpose);
        return customer;
    }

    private Customer find(UUID id) {
        Customer customer = Customer.findById(id);
        if (customer == null || customer.status == CustomerStatus.ERASED) {
            throw ProblemException.notFound("Customer " + id);
        }
        return customer;
    }

    /**
     * Ends the customer relationship. customer-service is itself a holder of the closed customer's data and has
     * applied the closure by committing it, so its acknowledgement commits in the same transaction.
     */
    @Transactional
    public Closure close(UUID id, ClosureReason reason) {
        Customer customer = find(id);
        if (customer.status != CustomerStatus.ACTIVE) {
            throw ProblemException.conflict("already-closed", "Customer " + id + " is already closed");
        }
        customer.status = CustomerStatus.CLOSED;
        customer.closureReason = reason;
        customer.closedAt = Instant.now(clock);
        customer.relationshipEndedOn = LocalDate.now(clock);
        UUID eventId = outbox.record(EventType.CUSTOMER_CLOSED, customer.id, new CustomerClosed(customer.id, reason,
                customer.closedAt, customer.relationshipEndedOn));
        acknowledgements.acknowledgeEvent(eventId, customer.id, List.of(CategoryOutcome.of(AckOutcome.APPLIED)));
        audit.record("customer.close", customer.id, List.of(DataCategory.CUSTOMERSHIP), AuditAction.UPDATE,
                ProcessingPurpose.CUSTOMER_RELATIONSHIP);
        return new Closure(customer, eventId);
    }
}
