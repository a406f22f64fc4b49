package fi.imediat.rekisteri.events;

import java.time.Instant;
import java.util.UUID;

/**
 * {@code subject} is set when the customer registered themselves: the identity provider's opaque subject id, which
 * lets other services recognise the data subject's own token (self-service). Never a username or an e-mail.
 */
public record CustomerRegistered(UUID customerId, Instant registeredAt, String source, String subject) {
}
