package fi.imediat.rekisteri.consent.consents.service;

import fi.imediat.rekisteri.consent.consents.domain.Consent;
import fi.imediat.rekisteri.consent.consents.domain.ConsentChange;
import fi.imediat.rekisteri.consent.consents.domain.ConsentStatus;
import fi.imediat.rekisteri.consent.consents.domain.EvidenceSource;
import fi.imediat.rekisteri.consent.prohibitions.domain.Prohibition;
import fi.imediat.rekisteri.consent.propagation.service.HolderAcknowledgementLedger;
import fi.imediat.rekisteri.consent.texts.service.ConsentTexts;
import fi.imediat.rekisteri.events.Channel;
import fi.imediat.rekisteri.events.ConsentGranted;
import fi.imediat.rekisteri.events.ConsentWithdrawn;
import fi.imediat.rekisteri.events.EventType;
import fi.imediat.rekisteri.events.Purpose;
import fi.imediat.rekisteri.events.DataCategory;
import fi.imediat.rekisteri.platform.audit.AuditAction;
import fi.imediat.rekisteri.platform.audit.AuditTrail;
import fi.imediat.rekisteri.platform.audit.ProcessingPurpose;
import fi.imediat.rekisteri.platform.outbox.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Changes consents: state, history entry and event commit together; setting the same state again is a no-op. */
@ApplicationScoped
public class ConsentLedger {

    /** What was captured with the change. */
    public record Evidence(EvidenceSource source, String textVersion, Instant capturedAt, String note,
            String recordedBy) {
    }

    /** The state after a change; {@code eventId} is null when nothing changed. */
    public record Result(Consent consent, boolean changed, UUID eventId) {
    }

    private static final List<DataCategory> PERMISSIONS = List.of(DataCategory.MARKETING_PERMISSIONS);

    private final EntityManager entityManager;
    private final Outbox outbox;
    private final AuditTrail audit;
    private final ConsentTexts texts;
    private final HolderAcknowledgementLedger holderAcknowledgements;

    ConsentLedger(EntityManager entityManager, Outbox outbox, AuditTrail audit, ConsentTexts texts,
            HolderAcknowledgementLedger holderAcknowledgements) {
        this.texts = texts;
        this.holderAcknowledgements = holderAcknowledgements;
        this.entityManager = entityManager;
        this.outbox = outbox;
        this.audit = audit;
    }

    /** The current consents of a customer; the read is audited. */
    @Transactional
    public List<Consent> current(UUID customerId, ProcessingPurpose purpose) {
        audit.record("consent.read", customerId, PERMISSIONS, AuditAction.READ, purpose);
        return Consent.ofCustomer(customerId);
    }

    /** Everything behind a customer's marketing permissions, read in one transaction. */
    public record History(List<ConsentChange> changes, List<Prohibition> prohibitions,
            Map<UUID, List<HolderAcknowledgementLedger.Acknowledgement>> acknowledgements) {
    }

    /** The history of a customer's consents and prohibitions with evidence and propagation; the read is audited. */
    @Transactional
    public History history(UUID customerId, ProcessingPurpose purpose) {
        audit.record("consent.history", customerId, PERMISSIONS, AuditAction.READ, purpose);
        return new History(ConsentChange.ofCustomer(customerId), Prohibition.ofCustomer(customerId),
                holderAcknowledgements.ofCustomer(customerId));
    }

    /** Everything this service holds on a customer, for their access request (GDPR art. 15); audited as EXPORT. */
    @Transactional
    public Export export(UUID customerId) {
        audit.record("consent.export", customerId, PERMISSIONS, AuditAction.EXPORT,
                ProcessingPurpose.DATA_SUBJECT_RIGHTS);
        @SuppressWarnings("unchecked")
        List<String> keyKinds = entityManager.createNativeQuery(
                        "SELECT DISTINCT kind FROM customer_contact_key WHERE customer_id = ?1 ORDER BY kind")
                .setParameter(1, customerId).getResultList();
        return new Export(Consent.ofCustomer(customerId), new History(ConsentChange.ofCustomer(customerId),
                Prohibition.ofCustomer(customerId), holderAcknowledgements.ofCustomer(customerId)), keyKinds);
    }

    /** {@code contactKeyKinds}: which kinds of keyed contact hashes are held (the hashes say nothing by themselves). */
    public record Export(List<Consent> consents, History history, List<String> contactKeyKinds) {
    }

    @Transactional
    public Result set(UUID customerId, Purpose purpose, Channel channel, ConsentStatus status, Evidence evidence,
            ProcessingPurpose why) {
        texts.requirePublished(purpose, evidence.textVersion());
        Consent.Key key = new Consent.Key(customerId, purpose, channel);
        Optional<Instant> changedAt = change(key, status);
        if (changedAt.isEmpty()) {
            return new Result(entityManager.find(Consent.class, key), false, null);
        }
        Instant now = changedAt.get();
        Consent consent = new Consent();
        consent.key = key;
        consent.status = status;
        consent.updatedAt = now;
        UUID eventId;
        if (status == ConsentStatus.GRANTED) {
            eventId = outbox.record(EventType.CONSENT_GRANTED, customerId, new ConsentGranted(customerId, purpose,
                    channel, now, evidence.textVersion(), evidence.source().name()));
        } else {
            eventId = outbox.record(EventType.CONSENT_WITHDRAWN, customerId,
                    new ConsentWithdrawn(customerId, purpose, channel, now, evidence.source().name()));
            // This service is a holder too; committing the withdrawal is applying it.
            holderAcknowledgements.recordOwn(eventId, customerId, now);
        }
        appendHistory(consent, evidence, now, eventId);
        audit.record("consent.set", customerId, PERMISSIONS, AuditAction.UPDATE, why);
        return new Result(consent, true, eventId);
    }

    /** Withdraws every granted consent of the customer, e.g. when they asked to close their account. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void withdrawAll(UUID customerId, Evidence evidence) {
        for (Consent consent : Consent.ofCustomer(customerId)) {
            // set() writes the row itself: the loaded copy would be stale in this persistence context.
            entityManager.detach(consent);
            if (consent.status == ConsentStatus.GRANTED) {
                set(customerId, consent.key.purpose(), consent.key.channel(), ConsentStatus.WITHDRAWN, evidence,
                        ProcessingPurpose.DATA_SUBJECT_RIGHTS);
            }
        }
    }

    /**
     * Sets the state in one round trip: an upsert that writes only a different state. Concurrent changes of one
     * consent serialise on its row (and its very first one, when there is no row yet, on the primary key), held
     * until commit, so each transaction sees the state the previous one committed, as the advisory lock used to
     * guarantee with two more round trips. The time of the change is the database's clock when the row is written,
     * after any wait for that lock: a change that waited is later than the one it waited for, so the history's
     * order is the order of the changes.
     *
     * @return when the state changed; empty when it already was {@code status}
     */
    private Optional<Instant> change(Consent.Key key, ConsentStatus status) {
        // Untyped on purpose: a native query given a result class gets a new result mapping on every call, which
        // Hibernate's query plan cache keeps as a new entry under the same hash, so each call scanned all earlier
        // ones (a fifth of this service's CPU after a few minutes of load, docs/benchmarks.md).
        List<?> changed = entityManager.createNativeQuery("""
                        INSERT INTO consent (customer_id, purpose, channel, status, updated_at)
                        VALUES (?1, ?2, ?3, ?4, clock_timestamp())
                        ON CONFLICT (customer_id, purpose, channel)
                        DO UPDATE SET status = EXCLUDED.status, updated_at = clock_timestamp()
                        WHERE consent.status <> EXCLUDED.status
                        RETURNING updated_at""")
                .setParameter(1, key.customerId()).setParameter(2, key.purpose().name())
                .setParameter(3, key.channel().name()).setParameter(4, status.name())
                .getResultList();
        // Hibernate 6 reads a timestamptz column as an Instant.
        return changed.stream().findFirst().map(Instant.class::cast);
    }

    private void appendHistory(Consent consent, Evidence evidence, Instant now, UUID eventId) {
        ConsentChange change = new ConsentChange();
        change.id = UUID.randomUUID();
        change.customerId = consent.key.customerId();
        change.purpose = consent.key.purpose();
        change.channel = consent.key.channel();
        change.status = consent.status;
        change.source = evidence.source();
        change.textVersion = evidence.textVersion();
        change.note = evidence.note();
        change.capturedAt = evidence.capturedAt() == null ? now : evidence.capturedAt();
        change.recordedAt = now;
        change.recordedBy = evidence.recordedBy();
        change.eventId = eventId;
        change.persist();
    }
}
