package fi.imediat.rekisteri.retention.access.service;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * Access requests (GDPR art. 15): fetching the holders' parts and keeping the assembled report. Environment
 * overrides: {@code REKISTERI_ACCESS_FETCH_INTERVAL}, {@code REKISTERI_ACCESS_FETCH_RETRY},
 * {@code REKISTERI_ACCESS_REPORT_RETENTION}, {@code REKISTERI_ACCESS_REPORT_CLEANUP}.
 */
@ConfigMapping(prefix = "rekisteri.access")
public interface AccessConfig {

    /** How often due parts are fetched from the holders' export URLs (read by HolderExports' schedule). */
    @WithDefault("10s")
    Duration fetchInterval();

    /** The first wait after a failed fetch; each further failure doubles it, up to 64 times. */
    @WithDefault("PT30S")
    Duration fetchRetry();

    /** How long an assembled report is kept for the data subject to download. */
    @WithDefault("P30D")
    Duration reportRetention();

    /** How often expired reports are deleted (read by ExpiredAccessReports' schedule). */
    @WithDefault("1h")
    Duration reportCleanup();
}
