package fi.imediat.rekisteri.retention.sweep.service;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

/** The nightly sweep ({@code rekisteri.sweep.cron}, Helsinki time; {@code off} disables it). */
@ApplicationScoped
class ScheduledSweep {

    private final Sweeps sweeps;

    ScheduledSweep(Sweeps sweeps) {
        this.sweeps = sweeps;
    }

    @Scheduled(identity = "retention-sweep", cron = "${rekisteri.sweep.cron}", timeZone = "Europe/Helsinki",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        sweeps.run(Sweeps.Trigger.SCHEDULE, "schedule");
    }
}
