package fi.imediat.rekisteri.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** An empty channel list means every channel. */
public record ProhibitionAdded(UUID customerId, UUID prohibitionId, ProhibitionScope scope, List<Channel> channels,
        Instant addedAt) {
}
