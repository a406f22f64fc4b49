package fi.imediat.rekisteri.customer.subscriptions.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Generated;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** One use of a customer benefit. */
@Entity
@Table(name = "benefit_use")
public class BenefitUse extends PanacheEntityBase {

    @Id
    public UUID id;

    @Generated
    @Column(insertable = false, updatable = false)
    public Long seq;

    @Column(name = "customer_id", nullable = false)
    public UUID customerId;

    @Column(name = "benefit_code", nullable = false)
    public String benefitCode;

    @Column(name = "used_at", nullable = false)
    public Instant usedAt;

    public static List<BenefitUse> page(UUID customerId, long after, int rows) {
        return find("customerId = ?1 AND seq > ?2 ORDER BY seq", customerId, after).range(0, rows - 1).list();
    }
}
