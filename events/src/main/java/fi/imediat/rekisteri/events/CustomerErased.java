package fi.imediat.rekisteri.events;

import java.time.Instant;
import java.util.UUID;

public record CustomerErased(UUID customerId, UUID erasureRequestId, Instant erasedAt) {
}
