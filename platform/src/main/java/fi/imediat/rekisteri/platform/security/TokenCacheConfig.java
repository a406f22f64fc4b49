package fi.imediat.rekisteri.platform.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The cache of verified bearer tokens ({@link VerifiedTokenCache}). Environment overrides:
 * {@code REKISTERI_TOKEN_CACHE_ENABLED}, {@code REKISTERI_TOKEN_CACHE_MAX_ENTRIES}.
 */
@ConfigMapping(prefix = "rekisteri.token-cache")
public interface TokenCacheConfig {

    /** Off: every request's token is verified anew, as Quarkus OIDC does by itself. */
    @WithDefault("true")
    boolean enabled();

    /** Distinct tokens kept at most; when full, expired ones are dropped and new tokens are verified uncached. */
    @WithDefault("10000")
    int maxEntries();
}
