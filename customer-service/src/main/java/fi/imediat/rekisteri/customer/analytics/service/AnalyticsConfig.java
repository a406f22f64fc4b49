package fi.imediat.rekisteri.customer.analytics.service;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.time.Period;

/**
 * How long analytics events are kept (privacy notice §5). Environment overrides: {@code REKISTERI_ANALYTICS_RETENTION},
 * {@code REKISTERI_ANALYTICS_PURGE_INTERVAL}.
 */
@ConfigMapping(prefix = "rekisteri.analytics")
public interface AnalyticsConfig {

    /** An event is purged this long after it occurred. */
    @WithDefault("P26M")
    Period retention();

    /** How often expired events are purged (read by Analytics' schedule; validated here). */
    @WithDefault("1h")
    Duration purgeInterval();
}
