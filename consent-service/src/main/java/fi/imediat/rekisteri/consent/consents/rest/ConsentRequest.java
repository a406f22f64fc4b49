package fi.imediat.rekisteri.consent.consents.rest;

import fi.imediat.rekisteri.consent.consents.domain.ConsentStatus;
import fi.imediat.rekisteri.consent.consents.domain.EvidenceSource;
import fi.imediat.rekisteri.consent.consents.service.ConsentLedger.Evidence;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PastOrPresent;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.time.Instant;

public record ConsentRequest(@NotNull ConsentStatus status, @Valid @NotNull EvidenceRequest evidence) {

    /** How the consent was captured. */
    public record EvidenceRequest(
            @NotNull EvidenceSource source,
            @Size(max = 64) @Pattern(regexp = "[A-Za-z0-9._-]+") String textVersion,
            @PastOrPresent Instant capturedAt,
            @Size(max = 2000) String note) {

        Evidence toEvidence(String recordedBy) {
            return new Evidence(source, textVersion, capturedAt, note, recordedBy);
        }
    }
}
