package fi.imediat.rekisteri.events;

import java.time.LocalDate;
import java.util.UUID;

public record SubscriptionStarted(UUID customerId, UUID subscriptionId, String productCode, LocalDate startDate) {
}
