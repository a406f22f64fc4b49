package fi.imediat.rekisteri.consent.consents.rest;

import fi.imediat.rekisteri.consent.consents.domain.Consent;
import fi.imediat.rekisteri.consent.consents.domain.ConsentStatus;
import fi.imediat.rekisteri.events.Channel;
import fi.imediat.rekisteri.events.Purpose;

import java.time.Instant;
import java.util.UUID;

public record ConsentResponse(UUID customerId, Purpose purpose, Channel channel, ConsentStatus status,
        Instant updatedAt) {

    static ConsentResponse of(Consent consent) {
        return new ConsentResponse(consent.key.customerId(), consent.key.purpose(), consent.key.channel(),
                consent.status, consent.updatedAt);
    }
}
