package fi.imediat.rekisteri.retention.propagation.service;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;

import java.time.Clock;

/** {@code rekisteri_propagation_overdue}: holders past the acknowledgement deadline of an event, not yet answered. */
@ApplicationScoped
class OverduePropagation {

    private final EntityManager entityManager;
    private final Clock clock;

    OverduePropagation(EntityManager entityManager, Clock clock) {
        this.entityManager = entityManager;
        this.clock = clock;
    }

    void registerMetric(@Observes StartupEvent startup, MeterRegistry registry) {
        Gauge.builder("rekisteri.propagation.overdue", this, OverduePropagation::count)
                .description("Holders that missed the acknowledgement deadline of a withdrawal, prohibition or "
                        + "closure and have not acknowledged it")
                .register(registry);
    }

    long count() {
        return ((Number) entityManager.createNativeQuery("""
                        SELECT count(*) FROM propagation_holder e
                        WHERE e.due_at < ?1 AND NOT EXISTS (SELECT 1 FROM holder_acknowledgement a
                            WHERE a.acknowledged_event_id = e.event_id AND a.holder_id = e.holder_id)""")
                .setParameter(1, clock.instant()).getSingleResult()).longValue();
    }
}
