package fi.imediat.rekisteri.customer.contacts.service;

import fi.imediat.rekisteri.customer.contacts.service.ContactDetails.Contacts;
import fi.imediat.rekisteri.customer.customers.domain.Customer;
import fi.imediat.rekisteri.customer.customers.domain.CustomerStatus;
import fi.imediat.rekisteri.events.DataCategory;
import fi.imediat.rekisteri.platform.audit.AuditAction;
import fi.imediat.rekisteri.platform.audit.AuditTrail;
import fi.imediat.rekisteri.platform.audit.ProcessingPurpose;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Names and contact details of many customers at once, for consent-service's contact keys (ASML and suppression
 * matching): one read for a whole batch of its queued fetches instead of a record read per customer.
 */
@ApplicationScoped
public class ContactLookup {

    /** A customer's names and contact details, primary first. */
    public record NamedContacts(Customer customer, Contacts contacts) {
    }

    private final ContactDetails contacts;
    private final AuditTrail audit;

    ContactLookup(ContactDetails contacts, AuditTrail audit) {
        this.contacts = contacts;
        this.audit = audit;
    }

    /**
     * The customers of {@code customerIds} that are known and not erased, in the order asked for, audited as read
     * for honouring direct-marketing prohibitions (one audit row each).
     */
    @Transactional
    public List<NamedContacts> of(List<UUID> customerIds) {
        Map<UUID, Customer> known = Customer.<Customer>list("id IN ?1 AND status <> ?2", customerIds,
                CustomerStatus.ERASED).stream().collect(Collectors.toMap(c -> c.id, c -> c));
        List<Customer> found = customerIds.stream().distinct().map(known::get).filter(Objects::nonNull).toList();
        if (found.isEmpty()) {
            return List.of();
        }
        List<UUID> ids = found.stream().map(c -> c.id).toList();
        Map<UUID, Contacts> byCustomer = contacts.ofCustomers(ids);
        audit.recordEach("customer.contacts.read", ids, List.of(DataCategory.BASIC_DATA), AuditAction.READ,
                ProcessingPurpose.RIGHTS_AND_OBLIGATIONS);
        return found.stream()
                .map(c -> new NamedContacts(c, byCustomer.getOrDefault(c.id, Contacts.NONE)))
                .toList();
    }
}
