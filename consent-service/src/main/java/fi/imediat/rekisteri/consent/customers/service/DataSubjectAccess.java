package fi.imediat.rekisteri.consent.customers.service;

import fi.imediat.rekisteri.events.DataCategory;
import fi.imediat.rekisteri.platform.audit.AuditAction;
import fi.imediat.rekisteri.platform.audit.AuditTrail;
import fi.imediat.rekisteri.platform.audit.ProcessingPurpose;
import fi.imediat.rekisteri.platform.problem.ProblemException;
import fi.imediat.rekisteri.platform.security.Caller;
import jakarta.enterprise.context.RequestScoped;

import java.util.List;
import java.util.UUID;

/**
 * Staff act for the customer relationship; a data subject exercises their own rights, and only on their own
 * record (linked by customer.registered): anyone else's id is "not found", and the attempt is audited, so ids
 * cannot be probed.
 */
@RequestScoped
public class DataSubjectAccess {

    private final Caller caller;
    private final CustomerRelationships relationships;
    private final AuditTrail audit;

    DataSubjectAccess(Caller caller, CustomerRelationships relationships, AuditTrail audit) {
        this.caller = caller;
        this.relationships = relationships;
        this.audit = audit;
    }

    /** @return the purpose of the processing the caller may do on {@code customerId}'s marketing permissions */
    public ProcessingPurpose authorise(UUID customerId, String operation, AuditAction action) {
        if (!caller.isDataSubject()) {
            return ProcessingPurpose.CUSTOMER_RELATIONSHIP;
        }
        if (!relationships.ownedBy(customerId, caller.subject())) {
            audit.recordDenied(operation, customerId, List.of(DataCategory.MARKETING_PERMISSIONS), action,
                    ProcessingPurpose.DATA_SUBJECT_RIGHTS);
            throw ProblemException.notFound("Customer " + customerId);
        }
        return ProcessingPurpose.DATA_SUBJECT_RIGHTS;
    }

    /** The token subject recorded as who made a change. */
    public String recordedBy() {
        return caller.subject();
    }
}
