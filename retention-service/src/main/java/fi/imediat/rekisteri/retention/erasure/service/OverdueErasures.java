package fi.imediat.rekisteri.retention.erasure.service;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Watches the deadlines: requests holders are late with go out again, and open and overdue requests are metrics
 * (rows are locked while republished, so several replicas never send one twice at once).
 */
@ApplicationScoped
class OverdueErasures {

    private static final Logger LOG = Logger.getLogger(OverdueErasures.class);

    private final ErasureRequests requests;

    OverdueErasures(ErasureRequests requests) {
        this.requests = requests;
    }

    void registerMetrics(@Observes StartupEvent startup, MeterRegistry registry) {
        for (ErasureRequests.Status status : new ErasureRequests.Status[] {ErasureRequests.Status.OPEN,
                ErasureRequests.Status.OVERDUE}) {
            Gauge.builder("rekisteri.erasure.requests", requests, r -> r.count(status))
                    .tag("status", status.name().toLowerCase())
                    .description("Erasure requests waiting for holders (overdue: a holder or the deadline is late)")
                    .register(registry);
        }
    }

    @Scheduled(every = "${rekisteri.erasure.overdue-check}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void republishOverdue() {
        int republished = requests.republishOverdue();
        if (republished > 0) {
            LOG.infof("Republished %d erasure request(s) to holders past their acknowledgement deadline",
                    republished);
        }
    }
}
