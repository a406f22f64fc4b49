package fi.imediat.rekisteri.events;

import java.time.Instant;
import java.util.UUID;

public record ProhibitionLifted(UUID customerId, UUID prohibitionId, ProhibitionScope scope, Instant liftedAt) {
}
