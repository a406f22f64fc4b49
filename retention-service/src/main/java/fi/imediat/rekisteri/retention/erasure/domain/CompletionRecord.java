package fi.imediat.rekisteri.retention.erasure.domain;

import fi.imediat.rekisteri.events.AckOutcome;
import fi.imediat.rekisteri.events.DataCategory;
import fi.imediat.rekisteri.events.ErasureReason;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * The proof of a completed erasure that the privacy officer can give to the data subject: who erased what and
 * when, what was kept and why. Identifiers, categories and dates only: the personal data itself is gone.
 */
public record CompletionRecord(UUID requestId, UUID customerId, ErasureReason reason, List<DataCategory> categories,
        String requestedBy, Instant requestedAt, LocalDate deadline, Instant completedAt, boolean onTime,
        List<HolderRecord> holders, List<Retention> retained) {

    /** One holder's answer: when it was due, when it came, and what it did per category. */
    public record HolderRecord(String holder, Instant dueAt, Instant acknowledgedAt, boolean late, int publications,
            List<Outcome> outcomes) {
    }

    /** {@code legalBasis} and {@code retainedUntil} only for {@link AckOutcome#RETAINED}. */
    public record Outcome(DataCategory category, AckOutcome outcome, String legalBasis, LocalDate retainedUntil) {
    }

    /** What a holder still keeps, under which law, until when. */
    public record Retention(String holder, DataCategory category, String legalBasis, LocalDate retainedUntil) {
    }
}
