package fi.imediat.rekisteri.customer.subscriptions.domain;

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

/** A service the customer has acquired (a print or digital subscription), from its start to its end. */
@Entity
@Table(name = "subscription")
public class Subscription extends PanacheEntityBase {

    public enum State { ACTIVE, ENDED }

    @Id
    public UUID id;

    /** Paging order; assigned by the database. */
    @Generated
    @Column(insertable = false, updatable = false)
    public Long seq;

    @Column(name = "customer_id", nullable = false)
    public UUID customerId;

    @Column(name = "product_code", nullable = false)
    public String productCode;

    @Column(name = "start_date", nullable = false)
    public LocalDate startDate;

    @Column(name = "end_date")
    public LocalDate endDate;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public State state;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    public static List<Subscription> active(UUID customerId) {
        return list("customerId = ?1 AND state = ?2", customerId, State.ACTIVE);
    }

    /** Active services whose planned end date has come, oldest first. */
    public static List<Subscription> plannedToEndBy(LocalDate day, int rows) {
        return find("state = ?1 AND endDate <= ?2 ORDER BY endDate", State.ACTIVE, day).range(0, rows - 1).list();
    }

    public static List<Subscription> page(UUID customerId, long after, int rows) {
        return find("customerId = ?1 AND seq > ?2 ORDER BY seq", customerId, after).range(0, rows - 1).list();
    }
}
