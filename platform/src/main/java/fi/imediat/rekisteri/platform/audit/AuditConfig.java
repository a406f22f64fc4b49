package fi.imediat.rekisteri.platform.audit;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.time.Period;

/**
 * The audit trail's own retention. Environment overrides: {@code REKISTERI_AUDIT_RETENTION},
 * {@code REKISTERI_AUDIT_CLEANUP_INTERVAL}.
 */
@ConfigMapping(prefix = "rekisteri.audit")
public interface AuditConfig {

    /** How long an audit row is kept; the database refuses to delete anything younger than three years. */
    @WithDefault("P3Y")
    Period retention();

    /** How often expired rows are deleted (read by AuditRetention's schedule; validated here). */
    @WithDefault("24h")
    Duration cleanupInterval();
}
