package fi.imediat.rekisteri.customer.customers.rest;

import fi.imediat.rekisteri.customer.customers.domain.CustomerStatus;
import fi.imediat.rekisteri.customer.customers.service.CustomerService.Closure;
import fi.imediat.rekisteri.events.ClosureReason;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** {@code eventId} is the customer.closed event, to follow its propagation in retention-service. */
public record ClosureResponse(UUID customerId, CustomerStatus status, ClosureReason reason, Instant closedAt,
        LocalDate relationshipEndedOn, UUID eventId) {

    static ClosureResponse of(Closure closure) {
        var c = closure.customer();
        return new ClosureResponse(c.id, c.status, c.closureReason, c.closedAt, c.relationshipEndedOn,
                closure.eventId());
    }
}
