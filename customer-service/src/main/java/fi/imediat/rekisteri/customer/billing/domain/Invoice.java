package fi.imediat.rekisteri.customer.billing.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Generated;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** An invoice and its debt collection. A restricted invoice is kept only because accounting law says so. */
@Entity
@Table(name = "invoice")
public class Invoice extends PanacheEntityBase {

    public enum CollectionState { NONE, REMINDED, IN_COLLECTION, COLLECTED, WRITTEN_OFF }

    @Id
    public UUID id;

    @Generated
    @Column(insertable = false, updatable = false)
    public Long seq;

    @Column(name = "customer_id", nullable = false)
    public UUID customerId;

    @Column(nullable = false)
    public String number;

    @Column(name = "amount_cents", nullable = false)
    public long amountCents;

    @Column(nullable = false)
    public String currency;

    /** The accounting year of the invoice is the year it was issued in (I-Mediat's accounting year = calendar year). */
    @Column(name = "issued_on", nullable = false)
    public LocalDate issuedOn;

    @Column(name = "due_date", nullable = false)
    public LocalDate dueDate;

    @Column(name = "paid_at")
    public Instant paidAt;

    @Enumerated(EnumType.STRING)
    @Column(name = "collection_state", nullable = false)
    public CollectionState collectionState;

    @Column(name = "collection_agency")
    public String collectionAgency;

    @Column(name = "restricted_at")
    public Instant restrictedAt;

    /** A page of the customer's invoices in normal use: restricted ones are left out. */
    public static List<Invoice> page(UUID customerId, long after, int rows) {
        return find("customerId = ?1 AND restrictedAt IS NULL AND seq > ?2 ORDER BY seq", customerId, after)
                .range(0, rows - 1).list();
    }

    /** Every invoice of the customer, restricted ones too (an access request shows them, marked). */
    public static List<Invoice> all(UUID customerId) {
        return list("customerId = ?1 ORDER BY seq", customerId);
    }
}
