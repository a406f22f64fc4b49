package fi.imediat.rekisteri.consent.consents.rest;

import fi.imediat.rekisteri.consent.consents.service.ConsentLedger;

import java.util.UUID;

/** {@code changed} is false when the consent already had the requested state; then {@code eventId} is null. */
public record ConsentChangeResponse(ConsentResponse consent, boolean changed, UUID eventId) {

    static ConsentChangeResponse of(ConsentLedger.Result result) {
        return new ConsentChangeResponse(ConsentResponse.of(result.consent()), result.changed(), result.eventId());
    }
}
