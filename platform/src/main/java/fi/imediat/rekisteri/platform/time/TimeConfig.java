package fi.imediat.rekisteri.platform.time;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Environment override: {@code REKISTERI_TIME_MOVABLE}. */
@ConfigMapping(prefix = "rekisteri.time")
public interface TimeConfig {

    /**
     * Whether {@code POST /time/advance} may move this service's clock forward, so that a test or a simulation can
     * see years of time-driven rules (retention, deadlines, planned ends) happen in minutes. Never in production.
     */
    @WithDefault("false")
    boolean movable();
}
