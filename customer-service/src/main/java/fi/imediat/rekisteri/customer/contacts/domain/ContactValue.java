package fi.imediat.rekisteri.customer.contacts.domain;

import fi.imediat.rekisteri.customer.customers.domain.DataSource;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;

import java.time.Instant;
import java.util.UUID;

/** One of a customer's several addresses, e-mails or phones: at most one primary, each with its provenance. */
@MappedSuperclass
public abstract class ContactValue extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "customer_id", nullable = false)
    public UUID customerId;

    @Column(name = "is_primary", nullable = false)
    public boolean primary;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public DataSource source;

    @Column(name = "set_at", nullable = false)
    public Instant setAt;

    /** The normalised value: two values with the same key are the same address, e-mail or number. */
    public abstract String key();
}
