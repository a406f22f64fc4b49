package fi.imediat.rekisteri.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Real access tokens from Keycloak for the realm's demo users and service accounts (password and
 * client-credentials grants). Tokens live 5 minutes; they are cached for 4.
 */
public final class Tokens {

    /** Demo users of the realm, one per role; their password is {@code <username>-demo}. */
    public static final String AGENT = "agent";
    public static final String MARKETER = "marketer";
    public static final String OFFICER = "officer";
    public static final String CUSTOMER = "asiakas";

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long CACHE_MILLIS = 240_000;

    private record Cached(String token, long fetchedAt) {
    }

    private final String tokenUrl;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    public Tokens(String realmUrl) {
        this.tokenUrl = realmUrl + "/protocol/openid-connect/token";
    }

    /** For a {@code @QuarkusTest}: the realm the service under test validates tokens against. */
    public static Tokens ofService() {
        return new Tokens(org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getValue("quarkus.oidc.auth-server-url", String.class));
    }

    public String user(String username) {
        return cached("user:" + username, Map.of("grant_type", "password", "client_id", "rekisteri-console",
                "username", username, "password", username + "-demo", "scope", "openid"));
    }

    public String serviceAccount(String clientId) {
        return cached("client:" + clientId, Map.of("grant_type", "client_credentials", "client_id", clientId,
                "client_secret", clientId + "-local-secret"));
    }

    private String cached(String key, Map<String, String> form) {
        Cached hit = cache.get(key);
        if (fresh(hit)) {
            return hit.token();
        }
        // One renewal at a time: under load, many threads find the token stale at once, and as many password grants
        // in the same second are what Keycloak's brute-force protection takes for an attack (the user is then
        // temporarily disabled and every later grant refused).
        synchronized (cache) {
            Cached renewed = cache.get(key);
            if (fresh(renewed)) {
                return renewed.token();
            }
            String token = fetch(form);
            cache.put(key, new Cached(token, System.currentTimeMillis()));
            return token;
        }
    }

    private static boolean fresh(Cached cached) {
        return cached != null && System.currentTimeMillis() - cached.fetchedAt() < CACHE_MILLIS;
    }

    private String fetch(Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(URI.create(tokenUrl))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("Keycloak refused a token: " + response.statusCode());
            }
            JsonNode json = JSON.readTree(response.body());
            return json.get("access_token").asText();
        } catch (IOException e) {
            throw new IllegalStateException("Keycloak unreachable at " + tokenUrl, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
