package fi.imediat.rekisteri.platform.holder;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** This service as a data holder. Environment override: {@code REKISTERI_HOLDER_ID}. */
@ConfigMapping(prefix = "rekisteri.holder")
public interface HolderConfig {

    /** The id this service acknowledges under: its id in retention-service's holder register. */
    @WithDefault("${quarkus.application.name}")
    String id();
}
