package fi.imediat.rekisteri.platform.inbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * How long the inbox remembers an applied event. Environment overrides: {@code REKISTERI_INBOX_KEEP},
 * {@code REKISTERI_INBOX_CLEANUP_INTERVAL}.
 */
@ConfigMapping(prefix = "rekisteri.inbox")
public interface InboxConfig {

    /**
     * An event can come again only while it is on its topic (7 days' retention), in a publisher's outbox
     * ({@code rekisteri.outbox.keep-published}, 7 days, republished by hand) or on a dead-letter topic (30 days, a
     * replay): the inbox keeps ids beyond all three. Shorter than any, a redelivery after the cleanup would be applied
     * twice.
     */
    @WithDefault("P35D")
    Duration keep();

    /** How often rows older than {@link #keep()} are deleted (read by InboxCleanup's schedule; validated here). */
    @WithDefault("1h")
    Duration cleanupInterval();
}
