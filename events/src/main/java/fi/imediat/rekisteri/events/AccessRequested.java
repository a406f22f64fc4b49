package fi.imediat.rekisteri.events;

import java.time.LocalDate;
import java.util.UUID;

public record AccessRequested(UUID requestId, UUID customerId, LocalDate deadline) {
}
