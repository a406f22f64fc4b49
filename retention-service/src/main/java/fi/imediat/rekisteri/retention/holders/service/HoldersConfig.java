package fi.imediat.rekisteri.retention.holders.service;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithParentName;

import java.util.Map;
import java.util.Optional;

/** The configured URLs of holders, by holder id ({@code rekisteri.holders.<id>.*}). */
@ConfigMapping(prefix = "rekisteri.holders")
public interface HoldersConfig {

    @WithParentName
    Map<String, HolderConfig> holders();

    interface HolderConfig {

        /** Where the holder serves its part of an access request; applied to its registration at start. */
        Optional<String> exportUrl();

        /** An http(s) URL with {customerId}: where the holder answers a residue scan (optional). */
        Optional<String> residueUrl();
    }
}
