package fi.imediat.rekisteri.customer.subscriptions.service;

import java.time.LocalDate;
import java.util.UUID;

/**
 * An active customer's last service has ended, on {@code endedOn}: the relationship ends with it (privacy notice §5).
 * Fired by {@link Customership} as a synchronous CDI event inside the transaction that ended the service;
 * customer-service's {@code CustomerService} observes it and closes the account as of that day. An event instead of a
 * call, so that subscriptions do not depend on the customer record that depends on them.
 */
public record LastServiceEnded(UUID customerId, LocalDate endedOn) {
}
