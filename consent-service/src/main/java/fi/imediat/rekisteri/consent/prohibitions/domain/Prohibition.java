package fi.imediat.rekisteri.consent.prohibitions.domain;

import fi.imediat.rekisteri.consent.consents.domain.EvidenceSource;
import fi.imediat.rekisteri.events.Channel;
import fi.imediat.rekisteri.events.ProhibitionScope;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A customer's prohibition of marketing use of their data; an empty channel list covers every channel. */
@Entity
@Table(name = "prohibition")
public class Prohibition extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "customer_id", nullable = false)
    public UUID customerId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public ProhibitionScope scope;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(nullable = false, columnDefinition = "text[]")
    public List<String> channels;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public EvidenceSource source;

    public String note;

    @Column(name = "added_at", nullable = false)
    public Instant addedAt;

    /** Token subject of whoever recorded it. */
    @Column(name = "added_by", nullable = false)
    public String addedBy;

    @Column(name = "added_event_id", nullable = false)
    public UUID addedEventId;

    @Column(name = "lifted_at")
    public Instant liftedAt;

    @Column(name = "lifted_by")
    public String liftedBy;

    @Enumerated(EnumType.STRING)
    @Column(name = "lift_source")
    public EvidenceSource liftSource;

    @Column(name = "lift_note")
    public String liftNote;

    @Column(name = "lifted_event_id")
    public UUID liftedEventId;

    public List<Channel> channelList() {
        return channels.stream().map(Channel::valueOf).toList();
    }

    public boolean active() {
        return liftedAt == null;
    }

    public static List<Prohibition> ofCustomer(UUID customerId) {
        return list("customerId = ?1 order by addedAt, id", customerId);
    }
}
