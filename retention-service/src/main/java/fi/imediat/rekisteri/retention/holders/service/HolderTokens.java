package fi.imediat.rekisteri.retention.holders.service;

import io.quarkus.oidc.client.OidcClient;
import io.quarkus.oidc.client.OidcClients;
import io.quarkus.oidc.client.Tokens;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tokens retention-service sends to holders' export and residue URLs. Its own service-account token names every service
 * as audience, so a holder that received it could replay it against the register. Instead, that token is exchanged
 * at Keycloak (standard token exchange, RFC 8693) for one whose only audience is the holder, by the holder's id,
 * which is its client id in the realm: the services refuse it (they accept only tokens that name them), and
 * Keycloak issues none for a holder it does not list as an audience of retention-service, so such a holder is not
 * called at all.
 */
@ApplicationScoped
public class HolderTokens {

    /** The named OIDC client that does the exchange (quarkus.oidc-client.holder-token.*). */
    static final String EXCHANGE_CLIENT = "holder-token";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** A token is renewed this long before it expires, so none expires on its way to the holder. */
    private static final Duration RENEW_BEFORE_EXPIRY = Duration.ofSeconds(30);

    /** Keycloak refused the exchange, typically because the holder is not an audience of retention-service. */
    public static class NoTokenForHolder extends RuntimeException {
        NoTokenForHolder(String holder, Throwable cause) {
            super("no token for holder " + holder, cause);
        }
    }

    private final OidcClient serviceAccount;
    private final OidcClient exchange;
    private final Map<String, Tokens> byHolder = new ConcurrentHashMap<>();
    private volatile Tokens own;

    HolderTokens(OidcClient serviceAccount, OidcClients clients) {
        this.serviceAccount = serviceAccount;
        this.exchange = clients.getClient(EXCHANGE_CLIENT);
    }

    /** @return the value of the Authorization header for a call to the holder's export or residue URL */
    public String authorizationFor(String holder) {
        Tokens cached = byHolder.get(holder);
        if (!current(cached)) {
            try {
                cached = exchange.getTokens(Map.of("subject_token", ownToken(), "audience", holder))
                        .await().atMost(TIMEOUT);
            } catch (RuntimeException e) {
                throw new NoTokenForHolder(holder, e);
            }
            byHolder.put(holder, cached);
        }
        return "Bearer " + cached.getAccessToken();
    }

    private String ownToken() {
        Tokens tokens = own;
        if (!current(tokens)) {
            tokens = serviceAccount.getTokens().await().atMost(TIMEOUT);
            own = tokens;
        }
        return tokens.getAccessToken();
    }

    private static boolean current(Tokens tokens) {
        return tokens != null && tokens.getAccessTokenExpiresAt() != null
                && Instant.ofEpochSecond(tokens.getAccessTokenExpiresAt())
                        .isAfter(Instant.now().plus(RENEW_BEFORE_EXPIRY));
    }
}
