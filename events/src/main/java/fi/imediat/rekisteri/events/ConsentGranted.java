package fi.imediat.rekisteri.events;

import java.time.Instant;
import java.util.UUID;

public record ConsentGranted(UUID customerId, Purpose purpose, Channel channel, Instant grantedAt, String textVersion,
        String source) {
}
