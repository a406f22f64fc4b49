package fi.imediat.rekisteri.customer.subscriptions.service;

import fi.imediat.rekisteri.customer.subscriptions.domain.Subscription;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;

/**
 * Ends every service whose planned end date has come, as if it had been ended by hand that day: subscription.ended,
 * and for a customer left without a service the end of the relationship (customer.closed), which starts the retention
 * clock. Without it, a service with a planned end ran on in the register and its customer's data was never due.
 * Every replica runs it; ending is idempotent under the customer's lock, so two replicas end a service once.
 */
@ApplicationScoped
class PlannedEnds {

    private static final int BATCH = 200;

    private final Customership customership;
    private final Clock clock;

    PlannedEnds(Customership customership, Clock clock) {
        this.clock = clock;
        this.customership = customership;
    }

    @Scheduled(every = "${rekisteri.subscriptions.planned-end-check}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void endServicesWhosePlannedEndHasCome() {
        LocalDate today = LocalDate.now(clock);
        List<Subscription> due;
        do {
            due = QuarkusTransaction.requiringNew().call(() -> Subscription.plannedToEndBy(today, BATCH));
            for (Subscription subscription : due) {
                customership.endAsPlanned(subscription.customerId, subscription.id);
            }
        } while (due.size() == BATCH);
    }
}
