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
import fi.imediat.rekisteri.platform.holder.HolderAcknowledgements;
import fi.imediat.rekisteri.platform.outbox.Outbox;
import fi.imediat.rekisteri.platform.problem.ProblemException;
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
    public record Registration(String firstName, String lastName, LocalDate birthDate, String email,
            String username, DataSource source) {
    }

    /** The outcome of a closure: the event holders acknowledge, and when the relationship ended. */
    public record Closure(Customer customer, UUID eventId) {
    }

    private final Outbox outbox;
    private final HolderAcknowledgements acknowledgements;
    private final Clock clock;

    CustomerService(Outbox outbox, HolderAcknowledgements acknowledgements) {
        this.outbox = outbox;
        this.acknowledgements = acknowledgements;
        this.clock = Clock.systemUTC();
    }

    @Transactional
    public Customer register(Registration registration) {
        String email = registration.email() == null ? null : registration.email().trim().toLowerCase(Locale.ROOT);
        if (email != null && Customer.emailTaken(email)) {
            throw ProblemException.conflict("duplicate-email", "The e-mail address is already registered");
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
        customer.registeredAt = Instant.now(clock);
        customer.persistAndFlush();
        outbox.record(EventType.CUSTOMER_REGISTERED, customer.id,
                new CustomerRegistered(customer.id, customer.registeredAt, customer.source.name()));
        return customer;
    }

    public Customer get(UUID id) {
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
        Customer customer = get(id);
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
        return new Closure(customer, eventId);
    }
}
