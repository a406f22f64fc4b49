package fi.imediat.rekisteri.events;

import java.time.Instant;
import java.util.UUID;

public record ConsentWithdrawn(UUID customerId, Purpose purpose, Channel channel, Instant withdrawnAt, String source) {
}
