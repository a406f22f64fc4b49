package fi.imediat.rekisteri.customer.subscriptions.service;

import fi.imediat.rekisteri.customer.common.Invalid;
import fi.imediat.rekisteri.customer.contacts.service.ContactDetails;
import fi.imediat.rekisteri.customer.customers.access.VisibleCustomers;
import fi.imediat.rekisteri.customer.customers.domain.Customer;
import fi.imediat.rekisteri.customer.customers.domain.CustomerStatus;
import fi.imediat.rekisteri.customer.subscriptions.domain.BenefitUse;
import fi.imediat.rekisteri.customer.subscriptions.domain.ServiceIdentifier;
import fi.imediat.rekisteri.customer.subscriptions.domain.Subscription;
import fi.imediat.rekisteri.events.DataCategory;
import fi.imediat.rekisteri.events.EventType;
import fi.imediat.rekisteri.events.SubscriptionEnded;
import fi.imediat.rekisteri.events.SubscriptionStarted;
import fi.imediat.rekisteri.platform.audit.AuditAction;
import fi.imediat.rekisteri.platform.audit.AuditTrail;
import fi.imediat.rekisteri.platform.audit.ProcessingPurpose;
import fi.imediat.rekisteri.platform.locking.TransactionLocks;
import fi.imediat.rekisteri.platform.outbox.Outbox;
import fi.imediat.rekisteri.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Customership and contracts: the services a customer has acquired, how services identify them, and their use
 * of customer benefits. Starting a service for a closed customer reopens the relationship.
 */
@ApplicationScoped
public class Customership {

    private static final List<DataCategory> CUSTOMERSHIP = List.of(DataCategory.CUSTOMERSHIP);

    private final VisibleCustomers customers;
    private final Event<LastServiceEnded> lastServiceEnded;
    private final Outbox outbox;
    private final AuditTrail audit;
    private final TransactionLocks locks;
    private final ContactDetails contacts;
    private final Clock clock;

    Customership(VisibleCustomers customers, Event<LastServiceEnded> lastServiceEnded, Outbox outbox,
            AuditTrail audit, TransactionLocks locks, ContactDetails contacts, Clock clock) {
        this.lastServiceEnded = lastServiceEnded;
        this.clock = clock;
        this.contacts = contacts;
        this.customers = customers;
        this.outbox = outbox;
        this.audit = audit;
        this.locks = locks;
    }

    /**
     * Publishes subscription.started. A closed customer becomes active again: the relationship goes on, and
     * retention-service stops the retention clock on this event.
     */
    @Transactional
    public Subscription start(UUID customerId, String productCode, LocalDate startDate, LocalDate endDate) {
        if (endDate != null && endDate.isBefore(startDate)) {
            throw Invalid.field("endDate", "must not be before startDate");
        }
        locks.lock("customer:" + customerId);
        Customer customer = customers.visible(customerId, "subscription.start", AuditAction.CREATE, CUSTOMERSHIP);
        if (customer.status == CustomerStatus.CLOSED) {
            contacts.requireEmailsFree(customerId);
            customer.reopen();
        }
        Subscription subscription = new Subscription();
        subscription.id = UUID.randomUUID();
        subscription.customerId = customerId;
        subscription.productCode = productCode;
        subscription.startDate = startDate;
        subscription.endDate = endDate;
        subscription.state = Subscription.State.ACTIVE;
        subscription.createdAt = Instant.now(clock);
        subscription.persist();
        outbox.record(EventType.SUBSCRIPTION_STARTED, customerId,
                new SubscriptionStarted(customerId, subscription.id, productCode, startDate));
        audit(customerId, "subscription.start", AuditAction.CREATE);
        return subscription;
    }

    /**
     * Ends a service on {@code endDate} (default today) and publishes subscription.ended; a date after today is the
     * service's planned end instead ({@link PlannedEnds} ends it then). Ended already: 409.
     */
    @Transactional
    public Subscription end(UUID customerId, UUID subscriptionId, LocalDate endDate) {
        locks.lock("customer:" + customerId);
        customers.visible(customerId, "subscription.end", AuditAction.UPDATE, CUSTOMERSHIP);
        Subscription subscription = Subscription.<Subscription>find("id = ?1 AND customerId = ?2", subscriptionId,
                customerId).firstResultOptional().orElseThrow(() -> ProblemException.notFound("Subscription "
                + subscriptionId));
        if (subscription.state == Subscription.State.ENDED) {
            throw ProblemException.conflict("already-ended", "Subscription " + subscriptionId + " has ended");
        }
        LocalDate end = endDate == null ? LocalDate.now(clock) : endDate;
        if (end.isBefore(subscription.startDate)) {
            throw Invalid.field("endDate", "must not be before the start date");
        }
        if (end.isAfter(LocalDate.now(clock))) {
            subscription.endDate = end;
        } else {
            endOne(subscription, end);
            endRelationshipIfLast(customerId, end);
        }
        audit(customerId, "subscription.end", AuditAction.UPDATE);
        return subscription;
    }

    /**
     * A service whose planned end date has come ends on that date, if it is still active and planned so (a request
     * may have ended or moved it since it was found).
     */
    @Transactional
    public void endAsPlanned(UUID customerId, UUID subscriptionId) {
        locks.lock("customer:" + customerId);
        Subscription subscription = Subscription.<Subscription>findById(subscriptionId);
        if (subscription == null || subscription.state != Subscription.State.ACTIVE || subscription.endDate == null
                || subscription.endDate.isAfter(LocalDate.now(clock))) {
            return;
        }
        endOne(subscription, subscription.endDate);
        endRelationshipIfLast(customerId, subscription.endDate);
        audit(customerId, "subscription.end-as-planned", AuditAction.UPDATE);
    }

    /**
     * The relationship ends when the account is closed or its last service ends (privacy notice §5): an active
     * customer left without a service is closed, the relationship ending with that service.
     */
    private void endRelationshipIfLast(UUID customerId, LocalDate endedOn) {
        if (Customer.<Customer>findById(customerId).status == CustomerStatus.ACTIVE && Subscription.active(customerId).isEmpty()) {
            lastServiceEnded.fire(new LastServiceEnded(customerId, endedOn));
        }
    }

    /**
     * The account closes on {@code closedOn}: services without an end date end then; services that end later run
     * to their end, which is then the end of the relationship.
     *
     * @return the relationship end date: the closure date or the latest end of a service, whichever is later
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public LocalDate endServicesOnClosure(UUID customerId, LocalDate closedOn) {
        LocalDate relationshipEnds = closedOn;
        for (Subscription subscription : Subscription.active(customerId)) {
            if (subscription.endDate == null || !subscription.endDate.isAfter(closedOn)) {
                endOne(subscription, subscription.endDate == null ? max(closedOn, subscription.startDate)
                        : subscription.endDate);
            }
            if (subscription.endDate.isAfter(relationshipEnds)) {
                relationshipEnds = subscription.endDate;
            }
        }
        return relationshipEnds;
    }

    private void endOne(Subscription subscription, LocalDate end) {
        subscription.state = Subscription.State.ENDED;
        subscription.endDate = end;
        outbox.record(EventType.SUBSCRIPTION_ENDED, subscription.customerId, new SubscriptionEnded(
                subscription.customerId, subscription.id, subscription.productCode, end));
    }

    @Transactional
    public List<Subscription> subscriptions(UUID customerId, long after, int rows) {
        customers.visible(customerId, "subscription.list", AuditAction.READ, CUSTOMERSHIP);
        audit(customerId, "subscription.list", AuditAction.READ);
        return Subscription.page(customerId, after, rows);
    }

    /** Another service's identifier of the customer; one identifier of a service belongs to one customer (409). */
    @Transactional
    public ServiceIdentifier addIdentifier(UUID customerId, String service, String identifier) {
        customers.visible(customerId, "service-identifier.add", AuditAction.CREATE, CUSTOMERSHIP);
        locks.lock("service-identifier:" + service + ":" + identifier);
        if (ServiceIdentifier.count("service = ?1 AND identifier = ?2", service, identifier) > 0) {
            throw ProblemException.conflict("duplicate-identifier", "The identifier is already in use");
        }
        ServiceIdentifier added = new ServiceIdentifier();
        added.id = UUID.randomUUID();
        added.customerId = customerId;
        added.service = service;
        added.identifier = identifier;
        added.createdAt = Instant.now(clock);
        added.persist();
        audit(customerId, "service-identifier.add", AuditAction.CREATE);
        return added;
    }

    @Transactional
    public List<ServiceIdentifier> identifiers(UUID customerId, long after, int rows) {
        customers.visible(customerId, "service-identifier.list", AuditAction.READ, CUSTOMERSHIP);
        audit(customerId, "service-identifier.list", AuditAction.READ);
        return ServiceIdentifier.page(customerId, after, rows);
    }

    @Transactional
    public BenefitUse recordBenefitUse(UUID customerId, String benefitCode, Instant usedAt) {
        customers.visible(customerId, "benefit-use.record", AuditAction.CREATE, CUSTOMERSHIP);
        BenefitUse use = new BenefitUse();
        use.id = UUID.randomUUID();
        use.customerId = customerId;
        use.benefitCode = benefitCode;
        use.usedAt = Optional.ofNullable(usedAt).orElseGet(() -> Instant.now(clock));
        use.persist();
        audit(customerId, "benefit-use.record", AuditAction.CREATE);
        return use;
    }

    @Transactional
    public List<BenefitUse> benefitUses(UUID customerId, long after, int rows) {
        customers.visible(customerId, "benefit-use.list", AuditAction.READ, CUSTOMERSHIP);
        audit(customerId, "benefit-use.list", AuditAction.READ);
        return BenefitUse.page(customerId, after, rows);
    }

    /** Everything of the category, for an export. */
    public List<Subscription> allSubscriptions(UUID customerId) {
        return Subscription.list("customerId = ?1 ORDER BY seq", customerId);
    }

    public List<ServiceIdentifier> allIdentifiers(UUID customerId) {
        return ServiceIdentifier.list("customerId = ?1 ORDER BY seq", customerId);
    }

    public List<BenefitUse> allBenefitUses(UUID customerId) {
        return BenefitUse.list("customerId = ?1 ORDER BY seq", customerId);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void eraseAll(UUID customerId) {
        Subscription.delete("customerId", customerId);
        ServiceIdentifier.delete("customerId", customerId);
        BenefitUse.delete("customerId", customerId);
    }

    private void audit(UUID customerId, String operation, AuditAction action) {
        audit.record(operation, customerId, CUSTOMERSHIP, action, ProcessingPurpose.CUSTOMER_RELATIONSHIP);
    }

    private static LocalDate max(LocalDate a, LocalDate b) {
        return a.isAfter(b) ? a : b;
    }
}
