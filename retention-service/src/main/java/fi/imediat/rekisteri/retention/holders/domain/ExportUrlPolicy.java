package fi.imediat.rekisteri.retention.holders.domain;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Where a registered holder's export URL may point. retention-service calls it with a token to fetch a customer's
 * data, so it must not be anyone's choice: https only, to hosts an operator has named
 * ({@code REKISTERI_EXPORT_URLS_ALLOWED_HOSTS}; none by default). The local stack and the tests allow http on this
 * machine. The services' own export URLs come from configuration ({@code rekisteri.holders.<id>.export-url}) and are
 * the operator's already.
 */
@ConfigMapping(prefix = "rekisteri.export-urls")
public interface ExportUrlPolicy {

    /** Whether an export URL must use https. */
    @WithDefault("true")
    boolean requireHttps();

    /** The hosts an export URL may name, compared without case. */
    Optional<Set<String>> allowedHosts();

    /** @return why {@code template} may not be registered, if it may not */
    default Optional<String> refusal(String template) {
        if (!ExportUrl.valid(template)) {
            return Optional.of("exportUrl must be an http(s) URL containing " + ExportUrl.PLACEHOLDER);
        }
        URI uri = URI.create(ExportUrl.expand(template, new UUID(0, 0)));
        if (requireHttps() && !"https".equalsIgnoreCase(uri.getScheme())) {
            return Optional.of("exportUrl must be an https URL");
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        if (allowedHosts().orElse(Set.of()).stream().noneMatch(allowed -> allowed.toLowerCase(Locale.ROOT)
                .equals(host))) {
            return Optional.of("exportUrl's host is not on the allow-list (REKISTERI_EXPORT_URLS_ALLOWED_HOSTS)");
        }
        return Optional.empty();
    }
}
