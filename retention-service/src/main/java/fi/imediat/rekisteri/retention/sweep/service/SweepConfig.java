package fi.imediat.rekisteri.retention.sweep.service;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The retention sweep. Environment overrides: {@code REKISTERI_SWEEP_CRON}, {@code REKISTERI_SWEEP_BATCH_SIZE}.
 */
@ConfigMapping(prefix = "rekisteri.sweep")
public interface SweepConfig {

    /** When the nightly sweep runs, Helsinki time ({@code off} disables it; read by ScheduledSweep's schedule). */
    @WithDefault("0 30 2 * * ?")
    String cron();

    /**
     * Customers opened per transaction. A batch is opened set by set (a dozen statements whatever its size), so 500
     * stay far inside the 60 s transaction timeout; the first version, a dozen statements per customer, timed out at
     * 500 on a loaded machine.
     */
    @WithDefault("500")
    int batchSize();
}
