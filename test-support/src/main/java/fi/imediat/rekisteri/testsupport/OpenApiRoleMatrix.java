package fi.imediat.rekisteri.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.eclipse.microprofile.config.ConfigProvider;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;

/**
 * Walks a service's whole OpenAPI document and calls every operation: without a token, with a forged one, and with a
 * token meant for other services (its {@code aud} does not name this one), it must answer 401 with a problem body and a
 * Bearer challenge, with a token of every role that its rule does not name 403 with a problem body, and with a role it
 * names neither. An operation without
 * a role rule fails the check unless it is one of the declared public paths, so a new endpoint cannot slip in
 * unprotected.
 */
public final class OpenApiRoleMatrix {

    private static final String PROBLEM = "application/problem+json";

    /** A well-formed JWT signed by no one the realm knows: refused where the token is verified, before any resource. */
    private static final String FORGED_TOKEN = String.join(".",
            base64("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"forged\"}"),
            base64("{\"sub\":\"forger\",\"realm_access\":{\"roles\":[\"rekisteri-service\"]},"
                    + "\"exp\":4102444800}"),
            base64("not a signature"));

    /** One token per realm role: the demo users, and a service account for each machine role. */
    private static final Map<String, String> CALLER_OF_ROLE = Map.of(
            "customer-service-agent", "user:" + Tokens.AGENT,
            "marketing", "user:" + Tokens.MARKETER,
            "privacy-officer", "user:" + Tokens.OFFICER,
            "customer", "user:" + Tokens.CUSTOMER,
            "rekisteri-service", "client:customer-service",
            "contact-reader", "client:consent-service",
            "data-exporter", "client:retention-service",
            "data-holder", "client:newsletter-platform");

    private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");
    private static final Pattern PATH_PARAMETER = Pattern.compile("\\{([^}]+)}");

    private OpenApiRoleMatrix() {
    }

    /** @return the operations checked, e.g. {@code GET /customers/{id}}, so a test can assert it saw them */
    public static List<String> verify(Tokens tokens, Set<String> publicPaths) {
        JsonNode document = readDocument();
        List<String> checked = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                if (!METHODS.contains(op.getKey())) {
                    continue;
                }
                String name = op.getKey().toUpperCase() + " " + path.getKey();
                checked.add(name);
                if (publicPaths.contains(path.getKey())) {
                    continue;
                }
                check(tokens, document, name, op.getKey(), path.getKey(), op.getValue(), failures);
            }
        }
        if (!failures.isEmpty()) {
            throw new AssertionError("Role rules broken:\n  " + String.join("\n  ", failures));
        }
        return checked;
    }

    private static void check(Tokens tokens, JsonNode document, String name, String method, String template,
            JsonNode operation, List<String> failures) {
        Set<String> allowed = allowedRoles(operation);
        if (allowed.isEmpty()) {
            failures.add(name + " has no role rule");
            return;
        }
        String url = concreteUrl(document, template, operation);
        for (RequestSpecification unauthenticated : List.of(given(), given().auth().oauth2(FORGED_TOKEN))) {
            ExtractableResponse<Response> anonymous = call(unauthenticated, method, url);
            if (anonymous.statusCode() != 401) {
                failures.add(name + " answered " + anonymous.statusCode() + " without a valid token");
            } else if (!anonymous.contentType().startsWith(PROBLEM)
                    || !String.valueOf(anonymous.header("WWW-Authenticate")).startsWith("Bearer")) {
                failures.add(name + " answered 401 without a problem body and a Bearer challenge");
            }
        }
        for (Map.Entry<String, String> caller : CALLER_OF_ROLE.entrySet()) {
            String token = token(tokens, caller.getValue());
            ExtractableResponse<Response> answer = call(given().auth().oauth2(token), method, url);
            int status = answer.statusCode();
            if (!audiences(token).contains(service())) {
                // A token meant for other services: refused as a token, before any role is looked at.
                if (status != 401) {
                    failures.add(name + " answered " + status + " to role " + caller.getKey()
                            + " with a token for " + audiences(token) + " (expected 401)");
                }
                continue;
            }
            boolean mayUse = allowed.contains(caller.getKey());
            if (!mayUse && status != 403) {
                failures.add(name + " answered " + status + " to role " + caller.getKey() + " (expected 403)");
            } else if (!mayUse && !answer.contentType().startsWith(PROBLEM)) {
                failures.add(name + " answered 403 to role " + caller.getKey() + " without a problem body");
            } else if (mayUse && (status == 401 || status == 403)) {
                failures.add(name + " refused role " + caller.getKey() + " that its rule allows");
            }
        }
    }

    private static JsonNode readDocument() {
        String json = given().accept(ContentType.JSON).when().get("/q/openapi?format=json")
                .then().statusCode(200).extract().asString();
        try {
            return new ObjectMapper().readTree(json);
        } catch (Exception e) {
            throw new AssertionError("OpenAPI document is not JSON", e);
        }
    }

    private static Set<String> allowedRoles(JsonNode operation) {
        Set<String> roles = new HashSet<>();
        for (JsonNode requirement : operation.path("security")) {
            requirement.fields().forEachRemaining(scheme -> scheme.getValue().forEach(r -> roles.add(r.asText())));
        }
        return roles;
    }

    /** Fills path parameters with values their schema accepts: a UUID, the first enum constant, or a word. */
    private static String concreteUrl(JsonNode document, String template, JsonNode operation) {
        Map<String, JsonNode> schemas = new LinkedHashMap<>();
        for (JsonNode parameter : operation.path("parameters")) {
            if ("path".equals(parameter.path("in").asText())) {
                schemas.put(parameter.path("name").asText(), resolve(document, parameter.path("schema")));
            }
        }
        Matcher matcher = PATH_PARAMETER.matcher(template);
        StringBuilder url = new StringBuilder();
        while (matcher.find()) {
            JsonNode schema = schemas.getOrDefault(matcher.group(1), document.path("no-such-field"));
            String value;
            if (schema.has("enum")) {
                value = schema.get("enum").get(0).asText();
            } else if ("uuid".equals(schema.path("format").asText())) {
                value = UUID.randomUUID().toString();
            } else {
                value = "x";
            }
            matcher.appendReplacement(url, value);
        }
        matcher.appendTail(url);
        return url.toString();
    }

    private static JsonNode resolve(JsonNode document, JsonNode schema) {
        String ref = schema.path("$ref").asText("");
        if (ref.startsWith("#/components/schemas/")) {
            return document.path("components").path("schemas").path(ref.substring("#/components/schemas/".length()));
        }
        return schema;
    }

    private static ExtractableResponse<Response> call(RequestSpecification request, String method, String url) {
        RequestSpecification withBody = Set.of("post", "put", "patch").contains(method)
                ? request.contentType(ContentType.JSON).body("{}") : request;
        return withBody.when().request(method.toUpperCase(), url).then().extract();
    }

    private static String base64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    /** The services a token is meant for: its {@code aud} claim, one name or several. */
    private static Set<String> audiences(String token) {
        try {
            JsonNode claims = new ObjectMapper().readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
            Set<String> audiences = new HashSet<>();
            JsonNode aud = claims.path("aud");
            if (aud.isArray()) {
                aud.forEach(a -> audiences.add(a.asText()));
            } else if (aud.isTextual()) {
                audiences.add(aud.asText());
            }
            return audiences;
        } catch (java.io.IOException e) {
            throw new AssertionError("not a JWT", e);
        }
    }

    private static String service() {
        return ConfigProvider.getConfig().getValue("quarkus.application.name", String.class);
    }

    private static String token(Tokens tokens, String caller) {
        String[] kind = caller.split(":", 2);
        return "user".equals(kind[0]) ? tokens.user(kind[1]) : tokens.serviceAccount(kind[1]);
    }
}
