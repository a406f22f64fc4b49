package fi.imediat.rekisteri.retention.subjects.service;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** How the link of a self-registered customer to their token is awaited ({@link SubjectLinks}). */
@ConfigMapping(prefix = "rekisteri.subjects")
public interface SubjectLinkConfig {

    /**
     * How long a data subject's request for a record linked to nobody yet waits for customer.registered to link
     * it, before it is answered "not found" ({@code REKISTERI_SUBJECTS_LINK_WAIT}). The event takes a fraction of a
     * second; a request made right after self-registration would otherwise get a false 404.
     */
    @WithDefault("2s")
    Duration linkWait();
}
