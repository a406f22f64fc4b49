package fi.imediat.rekisteri.events;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** The relationship end date starts the retention clock. */
public record CustomerClosed(UUID customerId, ClosureReason reason, Instant closedAt, LocalDate relationshipEndedOn) {
}
