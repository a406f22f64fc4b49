package fi.imediat.rekisteri.customer.customers.access;

import fi.imediat.rekisteri.customer.customers.domain.Customer;
import fi.imediat.rekisteri.customer.customers.domain.CustomerStatus;
import fi.imediat.rekisteri.events.DataCategory;
import fi.imediat.rekisteri.platform.audit.AuditAction;
import fi.imediat.rekisteri.platform.audit.AuditTrail;
import fi.imediat.rekisteri.platform.audit.ProcessingPurpose;
import fi.imediat.rekisteri.platform.problem.ProblemException;
import fi.imediat.rekisteri.platform.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;

/**
 * Whether a customer exists for the caller: every feature that reads or changes a customer's data asks here first.
 * It depends on nothing but the customer itself, so that the features (subscriptions, interests, billing,
 * analytics) and the customer record (which uses some of them) do not depend on each other in a circle.
 */
@ApplicationScoped
public class VisibleCustomers {

    private final Caller caller;
    private final AuditTrail audit;

    VisibleCustomers(Caller caller, AuditTrail audit) {
        this.caller = caller;
        this.audit = audit;
    }

    /**
     * The customer, if the caller may see them: a data subject's attempt at anyone else's record is audited as
     * denied and answered "not found". The caller audits the success with what it actually touched.
     */
    public Customer visible(UUID id, String operation, AuditAction action, List<DataCategory> categories) {
        return owned(find(id), operation, action, categories);
    }

    /** {@link #visible} for a customer already found (e.g. by the caller's token). */
    public Customer owned(Customer customer, String operation, AuditAction action, List<DataCategory> categories) {
        if (caller.isDataSubject() && !caller.owns(customer.subject)) {
            audit.recordDenied(operation, customer.id, categories, action, purpose());
            throw ProblemException.notFound("Customer " + customer.id);
        }
        return customer;
    }

    /** The customer, whoever asks; an unknown or erased one is "not found". */
    public Customer find(UUID id) {
        Customer customer = Customer.findById(id);
        if (customer == null || customer.status == CustomerStatus.ERASED) {
            throw ProblemException.notFound("Customer " + id);
        }
        return customer;
    }

    /** Why the caller processes the data: the data subject's rights, or the customer relationship. */
    public ProcessingPurpose purpose() {
        return caller.isDataSubject() ? ProcessingPurpose.DATA_SUBJECT_RIGHTS : ProcessingPurpose.CUSTOMER_RELATIONSHIP;
    }
}
