package fi.imediat.rekisteri.platform.outbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * The outbox relay and the cleanup of published rows. Environment overrides: {@code REKISTERI_OUTBOX_BATCH_SIZE},
 * {@code REKISTERI_OUTBOX_POLL_INTERVAL}, {@code REKISTERI_OUTBOX_RELAY_ENABLED}, {@code REKISTERI_OUTBOX_KEEP_PUBLISHED}.
 */
@ConfigMapping(prefix = "rekisteri.outbox")
public interface OutboxConfig {

    /** Rows published in one Kafka transaction at most. */
    @WithDefault("500")
    int batchSize();

    /** How long the relay waits for a commit's notification before it looks anyway. */
    @WithDefault("PT1S")
    Duration pollInterval();

    /** Off: events stay in the outbox (a replica that must not publish, or a test that reads the outbox). */
    @WithDefault("true")
    boolean relayEnabled();

    /** How long a published row is kept, to see what went out and to republish by hand if a topic is lost. */
    @WithDefault("P7D")
    Duration keepPublished();
}
