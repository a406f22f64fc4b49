package fi.imediat.rekisteri.benchmark.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/** JSON over HTTP/1.1 with a bearer token, asynchronous for the load and blocking for set-up. */
public final class Rest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    public CompletableFuture<HttpResponse<String>> sendAsync(String method, String url, String token, String body) {
        return client.sendAsync(request(method, url, token, body), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> send(String method, String url, String token, String body) {
        try {
            return client.send(request(method, url, token, body), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The UUID in member {@code field} of a JSON response body; null when absent. */
    public static UUID uuid(String body, String field) {
        try {
            JsonNode value = JSON.readTree(body).get(field);
            return value == null || value.isNull() ? null : UUID.fromString(value.asText());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static HttpRequest request(String method, String url, String token, String body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token).header("Accept", "application/json");
        if (body == null) {
            return builder.method(method, HttpRequest.BodyPublishers.noBody()).build();
        }
        return builder.header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build();
    }
}
