package fi.imediat.rekisteri.events;

import java.time.Instant;
import java.util.UUID;

public record CustomerRegistered(UUID customerId, Instant registeredAt, String source) {
}
