package fi.imediat.rekisteri.retention.access.service;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** Deletes assembled access reports once they are older than {@code rekisteri.access.report-retention}. */
@ApplicationScoped
class ExpiredAccessReports {

    private static final Logger LOG = Logger.getLogger(ExpiredAccessReports.class);

    private final AccessRequests requests;

    ExpiredAccessReports(AccessRequests requests) {
        this.requests = requests;
    }

    @Scheduled(every = "${rekisteri.access.report-cleanup}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void deleteExpired() {
        int deleted = requests.deleteExpiredReports();
        if (deleted > 0) {
            LOG.infof("Deleted %d expired access report(s)", deleted);
        }
    }
}
