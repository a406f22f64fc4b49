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

/** How a service authenticates the customer (e.g. a device or account id in a partner service). */
@Entity
@Table(name = "service_identifier")
public class ServiceIdentifier extends PanacheEntityBase {

    @Id
    public UUID id;

    @Generated
    @Column(insertable = false, updatable = false)
    public Long seq;

    @Column(name = "customer_id", nullable = false)
    public UUID customerId;

    @Column(nullable = false)
    public String service;

    @Column(nullable = false)
    public String identifier;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    public static List<ServiceIdentifier> page(UUID customerId, long after, int rows) {
        return find("customerId = ?1 AND seq > ?2 ORDER BY seq", customerId, after).range(0, rows - 1).list();
    }
}
