package fi.imediat.rekisteri.consent.consents.domain;

import fi.imediat.rekisteri.events.Channel;
import fi.imediat.rekisteri.events.Purpose;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The current consent state of one customer for one purpose on one channel. */
@Entity
@Table(name = "consent")
public class Consent extends PanacheEntityBase {

    /** customer x purpose x channel. */
    @Embeddable
    public record Key(@Column(name = "customer_id") UUID customerId,
            @Enumerated(EnumType.STRING) Purpose purpose,
            @Enumerated(EnumType.STRING) Channel channel) implements Serializable {
    }

    @EmbeddedId
    public Key key;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public ConsentStatus status;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    public static List<Consent> ofCustomer(UUID customerId) {
        return list("key.customerId = ?1 order by key.purpose, key.channel", customerId);
    }
}
