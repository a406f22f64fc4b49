package fi.imediat.rekisteri.consent.consents.rest;

import fi.imediat.rekisteri.consent.consents.domain.ConsentChange;
import fi.imediat.rekisteri.consent.consents.domain.ConsentStatus;
import fi.imediat.rekisteri.consent.consents.domain.EvidenceSource;
import fi.imediat.rekisteri.consent.prohibitions.domain.Prohibition;
import fi.imediat.rekisteri.consent.propagation.service.HolderAcknowledgementLedger.Acknowledgement;
import fi.imediat.rekisteri.events.Channel;
import fi.imediat.rekisteri.events.ProhibitionScope;
import fi.imediat.rekisteri.events.Purpose;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One act in the history of a customer's marketing permissions: a consent change (purpose, channel, status), or a
 * prohibition added or lifted (scope, channels; {@code id} is the prohibition's). {@code acknowledgements} lists the
 * holders that have applied the act's event (withdrawals and prohibitions fan out to every holder).
 */
public record ConsentHistoryEntry(UUID id, Type type, Purpose purpose, Channel channel, ConsentStatus status,
        ProhibitionScope scope, List<Channel> channels, EvidenceSource source, String textVersion, String note,
        Instant capturedAt, Instant recordedAt, String recordedBy, UUID eventId,
        List<Acknowledgement> acknowledgements) {

    public enum Type {
        CONSENT_CHANGE,
        PROHIBITION_ADDED,
        PROHIBITION_LIFTED
    }

    static ConsentHistoryEntry of(ConsentChange c, Map<UUID, List<Acknowledgement>> acks) {
        return new ConsentHistoryEntry(c.id, Type.CONSENT_CHANGE, c.purpose, c.channel, c.status, null, null,
                c.source, c.textVersion, c.note, c.capturedAt, c.recordedAt, c.recordedBy, c.eventId,
                acks.getOrDefault(c.eventId, List.of()));
    }

    static ConsentHistoryEntry added(Prohibition p, Map<UUID, List<Acknowledgement>> acks) {
        return new ConsentHistoryEntry(p.id, Type.PROHIBITION_ADDED, null, null, null, p.scope, p.channelList(),
                p.source, null, p.note, p.addedAt, p.addedAt, p.addedBy, p.addedEventId,
                acks.getOrDefault(p.addedEventId, List.of()));
    }

    static ConsentHistoryEntry lifted(Prohibition p, Map<UUID, List<Acknowledgement>> acks) {
        return new ConsentHistoryEntry(p.id, Type.PROHIBITION_LIFTED, null, null, null, p.scope, p.channelList(),
                p.liftSource, null, p.liftNote, p.liftedAt, p.liftedAt, p.liftedBy, p.liftedEventId,
                acks.getOrDefault(p.liftedEventId, List.of()));
    }
}
