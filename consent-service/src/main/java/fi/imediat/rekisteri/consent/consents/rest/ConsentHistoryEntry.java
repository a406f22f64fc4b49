package fi.imediat.rekisteri.consent.consents.rest;

import fi.imediat.rekisteri.consent.consents.domain.ConsentChange;
import fi.imediat.rekisteri.consent.consents.domain.ConsentStatus;
import fi.imediat.rekisteri.consent.consents.domain.EvidenceSource;
import fi.imediat.rekisteri.events.Channel;
import fi.imediat.rekisteri.events.Purpose;

import java.time.Instant;
import java.util.UUID;

public record ConsentHistoryEntry(UUID id, Purpose purpose, Channel channel, ConsentStatus status,
        EvidenceSource source, String textVersion, String note, Instant capturedAt, Instant recordedAt,
        String recordedBy, UUID eventId) {

    static ConsentHistoryEntry of(ConsentChange c) {
        return new ConsentHistoryEntry(c.id, c.purpose, c.channel, c.status, c.source, c.textVersion, c.note,
                c.capturedAt, c.recordedAt, c.recordedBy, c.eventId);
    }
}
