package fi.imediat.rekisteri.customer.billing.service;

import fi.imediat.rekisteri.customer.billing.domain.Invoice;
import fi.imediat.rekisteri.customer.customers.access.VisibleCustomers;
import fi.imediat.rekisteri.events.AckOutcome;
import fi.imediat.rekisteri.events.DataCategory;
import fi.imediat.rekisteri.events.HolderAcknowledged.CategoryOutcome;
import fi.imediat.rekisteri.platform.audit.AuditAction;
import fi.imediat.rekisteri.platform.audit.AuditTrail;
import fi.imediat.rekisteri.platform.audit.ProcessingPurpose;
import fi.imediat.rekisteri.platform.locking.TransactionLocks;
import fi.imediat.rekisteri.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * Billing and debt collection. On erasure the invoices are kept, restricted, for as long as the Accounting Act
 * requires, and deleted when retention-service asks for BILLING again after that.
 */
@ApplicationScoped
public class Billing {

    /** Kirjanpitolaki (1336/1997) 2 luku 10 §: accounting material is kept six years after the accounting year. */
    public static final String LEGAL_BASIS = "Kirjanpitolaki 1336/1997 2:10 (Finnish Accounting Act)";
    private static final int RETENTION_YEARS_AFTER_ACCOUNTING_YEAR = 6;
    private static final List<DataCategory> BILLING = List.of(DataCategory.BILLING);

    /** A new invoice as validated by the REST layer. */
    public record NewInvoice(String number, long amountCents, String currency, LocalDate issuedOn, LocalDate dueDate,
            Instant paidAt, Invoice.CollectionState collectionState, String collectionAgency) {
    }

    private final VisibleCustomers customers;
    private final AuditTrail audit;
    private final TransactionLocks locks;
    private final Clock clock;

    Billing(VisibleCustomers customers, AuditTrail audit, TransactionLocks locks, Clock clock) {
        this.clock = clock;
        this.customers = customers;
        this.audit = audit;
        this.locks = locks;
    }

    /** Invoice numbers are unique: another invoice with the number is a 409. */
    @Transactional
    public Invoice add(UUID customerId, NewInvoice request) {
        customers.visible(customerId, "invoice.add", AuditAction.CREATE, BILLING);
        locks.lock("invoice:" + request.number());
        if (Invoice.count("number", request.number()) > 0) {
            throw ProblemException.conflict("duplicate-invoice", "Invoice " + request.number() + " exists already");
        }
        Invoice invoice = new Invoice();
        invoice.id = UUID.randomUUID();
        invoice.customerId = customerId;
        invoice.number = request.number();
        invoice.amountCents = request.amountCents();
        invoice.currency = request.currency();
        invoice.issuedOn = request.issuedOn() == null ? LocalDate.now(clock) : request.issuedOn();
        invoice.dueDate = request.dueDate();
        invoice.paidAt = request.paidAt();
        invoice.collectionState = request.collectionState() == null ? Invoice.CollectionState.NONE
                : request.collectionState();
        invoice.collectionAgency = request.collectionAgency();
        invoice.persist();
        audit.record("invoice.add", customerId, BILLING, AuditAction.CREATE, ProcessingPurpose.RIGHTS_AND_OBLIGATIONS);
        return invoice;
    }

    /** Payment and debt collection move on: the given values replace the invoice's. A restricted invoice is 404. */
    @Transactional
    public Invoice update(UUID customerId, UUID invoiceId, Instant paidAt, Invoice.CollectionState collectionState,
            String collectionAgency) {
        customers.visible(customerId, "invoice.update", AuditAction.UPDATE, BILLING);
        Invoice invoice = Invoice.<Invoice>find("id = ?1 AND customerId = ?2 AND restrictedAt IS NULL", invoiceId,
                customerId).firstResultOptional().orElseThrow(() -> ProblemException.notFound("Invoice " + invoiceId));
        if (paidAt != null) {
            invoice.paidAt = paidAt;
        }
        if (collectionState != null) {
            invoice.collectionState = collectionState;
        }
        if (collectionAgency != null) {
            invoice.collectionAgency = collectionAgency;
        }
        audit.record("invoice.update", customerId, BILLING, AuditAction.UPDATE,
                ProcessingPurpose.RIGHTS_AND_OBLIGATIONS);
        return invoice;
    }

    @Transactional
    public List<Invoice> invoices(UUID customerId, long after, int rows) {
        customers.visible(customerId, "invoice.list", AuditAction.READ, BILLING);
        audit.record("invoice.list", customerId, BILLING, AuditAction.READ, ProcessingPurpose.RIGHTS_AND_OBLIGATIONS);
        return Invoice.page(customerId, after, rows);
    }

    /**
     * The customer is being erased: invoices stay, restricted, until the end of the sixth year after the
     * accounting year of the latest one.
     *
     * @return the BILLING outcome: RETAINED with the legal basis and the date, or NOT_HELD without invoices
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public CategoryOutcome restrict(UUID customerId) {
        List<Invoice> invoices = Invoice.all(customerId);
        if (invoices.isEmpty()) {
            return new CategoryOutcome(DataCategory.BILLING, AckOutcome.NOT_HELD, null, null);
        }
        Instant now = Instant.now(clock);
        invoices.stream().filter(i -> i.restrictedAt == null).forEach(i -> i.restrictedAt = now);
        int latestYear = invoices.stream().map(i -> i.issuedOn).max(Comparator.naturalOrder()).orElseThrow()
                .getYear();
        LocalDate until = LocalDate.of(latestYear + RETENTION_YEARS_AFTER_ACCOUNTING_YEAR, Month.DECEMBER, 31);
        return new CategoryOutcome(DataCategory.BILLING, AckOutcome.RETAINED, LEGAL_BASIS, until);
    }

    /** The retained period has ended: the invoices go (asked again, they are gone: ERASED again). */
    @Transactional(Transactional.TxType.MANDATORY)
    public CategoryOutcome erase(UUID customerId) {
        Invoice.delete("customerId", customerId);
        return new CategoryOutcome(DataCategory.BILLING, AckOutcome.ERASED, null, null);
    }
}
