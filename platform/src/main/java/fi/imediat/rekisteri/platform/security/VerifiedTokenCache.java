package fi.imediat.rekisteri.platform.security;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers the identity of a bearer token that Quarkus OIDC has verified, until the token's own {@code exp}, so
 * that a caller sending the same token again (every I-Mediat system with a service account does, for minutes) is
 * not verified again: under load, parsing and checking the RS256 signature of every request's token was the
 * largest cost of a service (docs/benchmarks.md).
 * <p>
 * What it does not change: a token is only ever answered with the identity verified from that very token (the key
 * is a SHA-256 of the whole token, signature included, so a token altered in any byte is a miss and is verified);
 * roles are those the token carries, as without the cache, so a role revoked in Keycloak is gone with the next
 * token; and nothing is kept past {@code exp}. Nothing of a request is carried into another: a hit is a new
 * identity with the current request's routing context. As a {@link IdentityProvider} of a higher priority than
 * Quarkus OIDC's, it answers hits and passes on misses (OIDC verifies them); as an {@link SecurityIdentityAugmentor}
 * it keeps what OIDC verified.
 */
@ApplicationScoped
public class VerifiedTokenCache implements IdentityProvider<TokenAuthenticationRequest>, SecurityIdentityAugmentor {

    /** Marks an identity answered from the cache, so the augmentor does not store it again. */
    static final String FROM_CACHE = "rekisteri.token-cache.hit";

    private record Verified(SecurityIdentity identity, Instant expiresAt) {
    }

    private final TokenCacheConfig config;
    private final Clock clock;
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();
    private final Counter hits;
    private final Counter misses;

    @Inject
    VerifiedTokenCache(TokenCacheConfig config, MeterRegistry registry) {
        this(config, Clock.systemUTC(), registry);
    }

    VerifiedTokenCache(TokenCacheConfig config, Clock clock, MeterRegistry registry) {
        this.config = config;
        this.clock = clock;
        this.hits = Counter.builder("rekisteri.token.cache.lookups").tag("result", "hit")
                .description("Bearer tokens answered from the verified-token cache").register(registry);
        this.misses = Counter.builder("rekisteri.token.cache.lookups").tag("result", "miss")
                .description("Bearer tokens not in the cache, verified by Quarkus OIDC").register(registry);
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    /**
     * Before Quarkus OIDC's provider, which keeps the default priority (1001): a hit never reaches it. (At 1000 this
     * provider came after OIDC's and was never asked.)
     */
    @Override
    public int priority() {
        return 2_000;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request,
            AuthenticationRequestContext context) {
        if (!config.enabled()) {
            return Uni.createFrom().nullItem();
        }
        return Uni.createFrom().item(lookup(request.getToken().getToken())
                .map(identity -> QuarkusSecurityIdentity.builder(identity)
                        .addAttribute(HttpSecurityUtils.ROUTING_CONTEXT_ATTRIBUTE,
                                request.getAttribute(HttpSecurityUtils.ROUTING_CONTEXT_ATTRIBUTE))
                        .addAttribute(FROM_CACHE, Boolean.TRUE)
                        .build())
                .orElse(null));
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (config.enabled() && !identity.isAnonymous() && identity.getAttribute(FROM_CACHE) == null
                && identity.getPrincipal() instanceof JsonWebToken token) {
            AccessTokenCredential credential = identity.getCredential(AccessTokenCredential.class);
            if (credential != null && !credential.isOpaque()) {
                remember(credential.getToken(), identity, Instant.ofEpochSecond(token.getExpirationTime()));
            }
        }
        return Uni.createFrom().item(identity);
    }

    /** The identity verified from exactly this token, while the token has not expired. */
    Optional<SecurityIdentity> lookup(String token) {
        String key = key(token);
        Verified entry = verified.get(key);
        if (entry == null) {
            misses.increment();
            return Optional.empty();
        }
        if (!clock.instant().isBefore(entry.expiresAt())) {
            verified.remove(key, entry);
            misses.increment();
            return Optional.empty();
        }
        hits.increment();
        return Optional.of(entry.identity());
    }

    void remember(String token, SecurityIdentity identity, Instant expiresAt) {
        Instant now = clock.instant();
        if (!now.isBefore(expiresAt)) {
            return;
        }
        if (verified.size() >= config.maxEntries()) {
            verified.values().removeIf(entry -> !now.isBefore(entry.expiresAt()));
            if (verified.size() >= config.maxEntries()) {
                return;
            }
        }
        verified.put(key(token), new Verified(identity, expiresAt));
    }

    private static String key(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
