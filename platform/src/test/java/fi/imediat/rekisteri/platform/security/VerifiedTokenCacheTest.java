package fi.imediat.rekisteri.platform.security;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fast tier (no Quarkus, no Keycloak): what the cache of verified tokens answers. A token is answered only with the
 * identity verified from that very token, never past its {@code exp}, and never with another request's context.
 */
class VerifiedTokenCacheTest {

    private static final String TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhZ2VudCJ9.c2lnbmF0dXJl";

    /** A clock the test moves. */
    private static final class MovableClock extends Clock {
        Instant now = Instant.parse("2026-12-06T12:00:00Z");

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    private final MovableClock clock = new MovableClock();

    @Test
    void aTokenIsAnsweredUntilItsExpiryAndNotAMomentLonger() {
        VerifiedTokenCache cache = cache(true, 10);
        SecurityIdentity agent = identity("agent", Instant.parse("2026-12-06T12:05:00Z"), Roles.AGENT);
        cache.augment(agent, null).await().indefinitely();

        assertSame(agent, cache.lookup(TOKEN).orElseThrow());
        clock.now = Instant.parse("2026-12-06T12:04:59Z");
        assertTrue(cache.lookup(TOKEN).isPresent());
        clock.now = Instant.parse("2026-12-06T12:05:00Z");
        assertTrue(cache.lookup(TOKEN).isEmpty(), "an expired token is verified again, and OIDC refuses it");
    }

    @Test
    void aTokenAlteredInAnyByteIsAMissAndGoesToVerification() {
        VerifiedTokenCache cache = cache(true, 10);
        cache.augment(identity("agent", clock.now.plusSeconds(300), Roles.AGENT), null).await().indefinitely();

        assertTrue(cache.lookup(TOKEN.substring(0, TOKEN.length() - 1) + "X").isEmpty(), "forged signature");
        assertTrue(cache.lookup(TOKEN.replace("eyJzdWIiOiJhZ2VudCJ9", "eyJzdWIiOiJhZG1pbiJ9")).isEmpty(),
                "altered claims");
        assertNull(cache.authenticate(request(TOKEN + "x", new Object()), null).await().indefinitely());
    }

    @Test
    void aHitIsANewIdentityWithTheCurrentRequestsContextAndTheTokensOwnRoles() {
        VerifiedTokenCache cache = cache(true, 10);
        Object firstRequest = new Object();
        SecurityIdentity verified = QuarkusSecurityIdentity.builder(identity("agent", clock.now.plusSeconds(300),
                        Roles.AGENT))
                .addAttribute(HttpSecurityUtils.ROUTING_CONTEXT_ATTRIBUTE, firstRequest).build();
        cache.augment(verified, null).await().indefinitely();

        Object secondRequest = new Object();
        SecurityIdentity hit = cache.authenticate(request(TOKEN, secondRequest), null).await().indefinitely();

        assertNotSame(verified, hit);
        assertSame(secondRequest, hit.getAttribute(HttpSecurityUtils.ROUTING_CONTEXT_ATTRIBUTE));
        assertEquals(Set.of(Roles.AGENT), hit.getRoles());
        assertEquals("agent", hit.getPrincipal().getName());
        // A hit is not stored again as if OIDC had verified it.
        assertSame(hit, cache.augment(hit, null).await().indefinitely());
    }

    @Test
    void anExpiredTokenIsNeverStoredAndTheCacheStaysBounded() {
        VerifiedTokenCache cache = cache(true, 2);
        cache.augment(identity("agent", clock.now.minusSeconds(1), Roles.AGENT), null).await().indefinitely();
        assertTrue(cache.lookup(TOKEN).isEmpty());

        cache.remember("a", identity("a", clock.now.plusSeconds(10)), clock.now.plusSeconds(10));
        cache.remember("b", identity("b", clock.now.plusSeconds(300)), clock.now.plusSeconds(300));
        cache.remember("c", identity("c", clock.now.plusSeconds(300)), clock.now.plusSeconds(300));
        assertTrue(cache.lookup("c").isEmpty(), "full: a new token is verified uncached");
        clock.now = clock.now.plus(Duration.ofSeconds(11));
        cache.remember("c", identity("c", clock.now.plusSeconds(300)), clock.now.plusSeconds(300));
        assertTrue(cache.lookup("c").isPresent(), "an expired entry makes room");
    }

    @Test
    void switchedOffItAnswersNothing() {
        VerifiedTokenCache cache = cache(false, 10);
        cache.augment(identity("agent", clock.now.plusSeconds(300), Roles.AGENT), null).await().indefinitely();
        assertNull(cache.authenticate(request(TOKEN, new Object()), null).await().indefinitely());
    }

    private VerifiedTokenCache cache(boolean enabled, int maxEntries) {
        return new VerifiedTokenCache(new TokenCacheConfig() {
            @Override
            public boolean enabled() {
                return enabled;
            }

            @Override
            public int maxEntries() {
                return maxEntries;
            }
        }, clock, new SimpleMeterRegistry());
    }

    private static TokenAuthenticationRequest request(String token, Object routingContext) {
        TokenAuthenticationRequest request = new TokenAuthenticationRequest(new AccessTokenCredential(token));
        request.setAttribute(HttpSecurityUtils.ROUTING_CONTEXT_ATTRIBUTE, routingContext);
        return request;
    }

    private static SecurityIdentity identity(String subject, Instant expiresAt, String... roles) {
        JsonWebToken principal = new JsonWebToken() {
            @Override
            public String getName() {
                return subject;
            }

            @Override
            public Set<String> getClaimNames() {
                return Set.of("sub", "exp");
            }

            @Override
            @SuppressWarnings("unchecked")
            public <T> T getClaim(String claimName) {
                return (T) switch (claimName) {
                    case "sub" -> subject;
                    case "exp" -> Long.valueOf(expiresAt.getEpochSecond());
                    default -> null;
                };
            }
        };
        return QuarkusSecurityIdentity.builder().setPrincipal(principal).addRoles(Set.of(roles))
                .addCredential(new AccessTokenCredential(TOKEN)).build();
    }
}
