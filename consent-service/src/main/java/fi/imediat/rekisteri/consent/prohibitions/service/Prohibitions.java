package fi.imediat.rekisteri.consent.prohibitions.service;

import fi.imediat.rekisteri.consent.consents.domain.EvidenceSource;
import fi.imediat.rekisteri.consent.prohibitions.domain.Prohibition;
import fi.imediat.rekisteri.consent.propagation.service.HolderAcknowledgementLedger;
import fi.imediat.rekisteri.events.Channel;
import fi.imediat.rekisteri.events.DataCategory;
import fi.imediat.rekisteri.events.EventType;
import fi.imediat.rekisteri.events.ProhibitionAdded;
import fi.imediat.rekisteri.events.ProhibitionLifted;
import fi.imediat.rekisteri.events.ProhibitionScope;
import fi.imediat.rekisteri.platform.audit.AuditAction;
import fi.imediat.rekisteri.platform.audit.AuditTrail;
import fi.imediat.rekisteri.platform.audit.ProcessingPurpose;
import fi.imediat.rekisteri.platform.locking.TransactionLocks;
import fi.imediat.rekisteri.platform.outbox.Outbox;
import fi.imediat.rekisteri.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Adds and lifts prohibitions; each act commits with its event, and adding one is acknowledged as a holder. */
@ApplicationScoped
public class Prohibitions {

    private static final List<DataCategory> PERMISSIONS = List.of(DataCategory.MARKETING_PERMISSIONS);

    /** The prohibition after a request; {@code created} is false when an identical one already stood. */
    public record Added(Prohibition prohibition, boolean created) {
    }

    private final TransactionLocks locks;
    private final Outbox outbox;
    private final HolderAcknowledgementLedger acknowledgements;
    private final AuditTrail audit;

    Prohibitions(TransactionLocks locks, Outbox outbox, HolderAcknowledgementLedger acknowledgements,
            AuditTrail audit) {
        this.locks = locks;
        this.outbox = outbox;
        this.acknowledgements = acknowledgements;
        this.audit = audit;
    }

    @Transactional
    public Added add(UUID customerId, ProhibitionScope scope, List<Channel> channels, EvidenceSource source,
            String note, String recordedBy, ProcessingPurpose why) {
        lockCustomer(customerId);
        List<Channel> normalised = channels == null ? List.of() : channels.stream().distinct().sorted().toList();
        Optional<Prohibition> standing = Prohibition.ofCustomer(customerId).stream()
                .filter(p -> p.active() && p.scope == scope && p.channelList().equals(normalised))
                .findFirst();
        if (standing.isPresent()) {
            return new Added(standing.get(), false);
        }
        Prohibition prohibition = new Prohibition();
        prohibition.id = UUID.randomUUID();
        prohibition.customerId = customerId;
        prohibition.scope = scope;
        prohibition.channels = normalised.stream().map(Enum::name).toList();
        prohibition.source = source;
        prohibition.note = note;
        prohibition.addedAt = Instant.now();
        prohibition.addedBy = recordedBy;
        prohibition.addedEventId = outbox.record(EventType.PROHIBITION_ADDED, customerId, new ProhibitionAdded(
                customerId, prohibition.id, scope, normalised, prohibition.addedAt));
        prohibition.persist();
        // consent-service holds the permissions the prohibition overrides: committing it is applying it.
        acknowledgements.recordOwn(prohibition.addedEventId, customerId, prohibition.addedAt);
        audit.record("prohibition.add", customerId, PERMISSIONS, AuditAction.CREATE, why);
        return new Added(prohibition, true);
    }

    @Transactional
    public Prohibition lift(UUID customerId, UUID prohibitionId, EvidenceSource source, String note,
            String recordedBy, ProcessingPurpose why) {
        lockCustomer(customerId);
        Prohibition prohibition = Prohibition.findById(prohibitionId);
        if (prohibition == null || !prohibition.customerId.equals(customerId)) {
            throw ProblemException.notFound("Prohibition " + prohibitionId);
        }
        if (!prohibition.active()) {
            throw ProblemException.conflict("already-lifted", "The prohibition was lifted already");
        }
        prohibition.liftedAt = Instant.now();
        prohibition.liftedBy = recordedBy;
        prohibition.liftSource = source;
        prohibition.liftNote = note;
        prohibition.liftedEventId = outbox.record(EventType.PROHIBITION_LIFTED, customerId,
                new ProhibitionLifted(customerId, prohibition.id, prohibition.scope, prohibition.liftedAt));
        audit.record("prohibition.lift", customerId, PERMISSIONS, AuditAction.UPDATE, why);
        return prohibition;
    }

    @Transactional
    public List<Prohibition> ofCustomer(UUID customerId, ProcessingPurpose why) {
        audit.record("prohibition.read", customerId, PERMISSIONS, AuditAction.READ, why);
        return Prohibition.ofCustomer(customerId);
    }

    /** Two concurrent acts on one customer's prohibitions serialise, so no duplicate slips in. */
    private void lockCustomer(UUID customerId) {
        locks.lock("prohibition/" + customerId);
    }
}
