package fi.imediat.rekisteri.retention.holders.domain;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.UUID;

/** A holder's export URL template: an http(s) URL with {@value #PLACEHOLDER} where the customer id goes. */
public final class ExportUrl {

    public static final String PLACEHOLDER = "{customerId}";

    private ExportUrl() {
    }

    /** Whether {@code template} is an absolute http(s) URL with a host once the placeholder is filled in. */
    public static boolean valid(String template) {
        if (template == null || !template.contains(PLACEHOLDER)) {
            return false;
        }
        try {
            URI uri = new URI(expand(template, new UUID(0, 0)));
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    public static String expand(String template, UUID customerId) {
        return template.replace(PLACEHOLDER, customerId.toString());
    }
}
