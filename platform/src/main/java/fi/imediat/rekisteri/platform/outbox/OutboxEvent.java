package fi.imediat.rekisteri.platform.outbox;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** An event waiting in the outbox, committed in the same transaction as the change it describes. */
@Entity
@Table(name = "outbox_event")
public class OutboxEvent {

    @Id
    public UUID id;

    @Column(nullable = false, updatable = false)
    public String topic;

    /** The Kafka key: the customer id, so one customer's events stay in order on one partition. */
    @Column(name = "message_key", nullable = false, updatable = false)
    public String messageKey;

    @Column(name = "ce_type", nullable = false, updatable = false)
    public String ceType;

    @Column(name = "ce_subject", nullable = false, updatable = false)
    public String ceSubject;

    @Column(name = "ce_time", nullable = false, updatable = false)
    public Instant ceTime;

    @Column(nullable = false, updatable = false)
    public String payload;

    /** W3C {@code traceparent} of the recording transaction's span; null outside a trace. */
    @Column(updatable = false)
    public String traceparent;

    @Column(name = "published_at", insertable = false)
    public Instant publishedAt;
}
