package fi.imediat.rekisteri.platform.lifecycle;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Whether the service has begun to stop. From then on, a consumer's failure says nothing about its records: the
 * database pool, Hibernate and the container close while Kafka may still hand over polls, and each of those fails.
 * Such a failure must neither park the records on a dead-letter topic (a rolling update under a backlog would park
 * the backlog) nor be retried (the stop would wait out the retries): the records stay unacknowledged, and the next
 * start reads them again.
 */
@ApplicationScoped
public class ApplicationStopping {

    private volatile boolean stopping;

    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
    }

    public boolean stopping() {
        return stopping;
    }
}
