package fi.imediat.rekisteri.consent.consents.domain;

import fi.imediat.rekisteri.events.Channel;
import fi.imediat.rekisteri.events.Purpose;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Immutable;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** One entry of the append-only consent history, with the evidence of the change. */
@Entity
@Immutable
@Table(name = "consent_change")
public class ConsentChange extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "customer_id", nullable = false)
    public UUID customerId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Purpose purpose;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Channel channel;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public ConsentStatus status;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public EvidenceSource source;

    /** The version of the consent wording the customer was shown. */
    @Column(name = "text_version")
    public String textVersion;

    /** A customer-service agent's note. */
    public String note;

    @Column(name = "captured_at", nullable = false)
    public Instant capturedAt;

    @Column(name = "recorded_at", nullable = false)
    public Instant recordedAt;

    /** The token subject of whoever recorded the change (an opaque id, not a name). */
    @Column(name = "recorded_by", nullable = false)
    public String recordedBy;

    /** The consent.granted / consent.withdrawn event that announced the change. */
    @Column(name = "event_id", nullable = false)
    public UUID eventId;

    public static List<ConsentChange> ofCustomer(UUID customerId) {
        return list("customerId = ?1 order by recordedAt, id", customerId);
    }
}
