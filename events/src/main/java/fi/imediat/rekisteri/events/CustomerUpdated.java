package fi.imediat.rekisteri.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Names the categories that changed, never their values. */
public record CustomerUpdated(UUID customerId, List<DataCategory> changedCategories, Instant updatedAt) {
}
