package fi.imediat.rekisteri.events;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * A holder's reply: it has applied the event {@code acknowledgedEventId} (a withdrawal, prohibition or closure)
 * or the privacy request {@code requestId}; exactly one of the two is set.
 */
public record HolderAcknowledged(UUID acknowledgedEventId, UUID requestId, String holder, UUID customerId,
        List<CategoryOutcome> outcomes, Instant acknowledgedAt) {

    /**
     * What happened to one data category; {@code category} is null when the outcome applies to the whole event.
     * {@code legalBasis} and {@code retainedUntil} are set for {@link AckOutcome#RETAINED}.
     */
    public record CategoryOutcome(DataCategory category, AckOutcome outcome, String legalBasis,
            LocalDate retainedUntil) {

        public static CategoryOutcome of(AckOutcome outcome) {
            return new CategoryOutcome(null, outcome, null, null);
        }
    }
}
