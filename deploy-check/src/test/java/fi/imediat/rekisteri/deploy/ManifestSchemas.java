package fi.imediat.rekisteri.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The pinned schemas rendered resources are validated against, strictly: a field a schema does not define is an
 * error (as {@code kubeconform -strict} does), so a misspelt or misplaced field cannot pass unnoticed.
 * <p>
 * They come from {@code openshift-generated.json} of the Maven artifact {@code io.fabric8:kubernetes-model-validator}
 * (version pinned in deploy-check's pom): the OpenAPI definitions fabric8 generates its model from, here those of
 * Kubernetes 1.34 ({@code io.k8s.api.*}) and of the Prometheus operator's {@code monitoring.coreos.com/v1}
 * ({@code com.coreos.monitoring.v1.*}). The file's OpenShift definitions are not used.
 */
final class ManifestSchemas {

    private static final String SCHEMA_FILE = "/openshift-generated.json";
    private static final Set<String> PINNED_PREFIXES = Set.of("io.k8s.api.", "com.coreos.monitoring.v1.");
    private static final String INT_OR_STRING = "io.k8s.apimachinery.pkg.util.intstr.IntOrString";
    private static final String QUANTITY = "io.k8s.apimachinery.pkg.api.resource.Quantity";

    private final ObjectNode definitions;
    /** "apiVersion kind" to the name of its definition. */
    private final Map<String, String> kinds;
    private final JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4);
    private final Map<String, JsonSchema> schemas = new ConcurrentHashMap<>();

    private ManifestSchemas(ObjectNode definitions, Map<String, String> kinds) {
        this.definitions = definitions;
        this.kinds = kinds;
    }

    static ManifestSchemas load() {
        JsonNode document;
        try (InputStream in = ManifestSchemas.class.getResourceAsStream(SCHEMA_FILE)) {
            if (in == null) {
                throw new IllegalStateException(SCHEMA_FILE + " is not on the test classpath: deploy-check's pom must "
                        + "depend on io.fabric8:kubernetes-model-validator");
            }
            document = new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + SCHEMA_FILE, e);
        }
        ObjectNode definitions = (ObjectNode) document.path("definitions");
        Map<String, String> kinds = new HashMap<>();
        definitions.fields().forEachRemaining(definition -> {
            String name = definition.getKey();
            JsonNode info = definition.getValue().path("x-fabric8-info");
            if (PINNED_PREFIXES.stream().anyMatch(name::startsWith) && info.path("Type").asText().equals("object")) {
                String previous = kinds.put(apiVersion(name, info) + " " + info.path("Kind").asText(), name);
                if (previous != null) {
                    throw new IllegalStateException(SCHEMA_FILE + ": definitions " + previous + " and " + name
                            + " are both " + apiVersion(name, info) + " " + info.path("Kind").asText());
                }
            }
            strict(definition.getValue());
        });
        // Kubernetes accepts a number or a string for both; the OpenAPI document can only say "string".
        definitions.set(INT_OR_STRING, types("integer", "string"));
        definitions.set(QUANTITY, types("number", "string"));
        return new ManifestSchemas(definitions, kinds);
    }

    boolean hasSchema(String apiVersion, String kind) {
        return kinds.containsKey(apiVersion + " " + kind);
    }

    /** The schema violations of one resource, each with its JSON path; empty when valid. */
    List<String> validate(JsonNode resource) {
        String key = resource.path("apiVersion").asText() + " " + resource.path("kind").asText();
        String definition = kinds.get(key);
        if (definition == null) {
            throw new IllegalArgumentException("no pinned schema for " + key);
        }
        JsonSchema schema = schemas.computeIfAbsent(definition, name -> {
            ObjectNode root = JsonNodeFactory.instance.objectNode();
            root.set("definitions", definitions);
            root.put("$ref", "#/definitions/" + name);
            return factory.getSchema(root);
        });
        return schema.validate(resource).stream().map(ValidationMessage::getMessage).sorted().toList();
    }

    /** Definition names are reversed groups ({@code com.coreos.monitoring.v1}); core's name no group at all. */
    private static String apiVersion(String definition, JsonNode info) {
        String group = info.path("Group").asText("");
        String version = info.path("Version").asText();
        if (group.isEmpty() && definition.startsWith("io.k8s.api.")) {
            // io.k8s.api.<group>.<version>.<Kind>: fabric8 leaves Group empty for the short built-in groups.
            String shortGroup = definition.substring("io.k8s.api.".length()).split("\\.")[0];
            group = shortGroup.equals("core") ? "" : shortGroup;
        }
        return group.isEmpty() ? version : group + "/" + version;
    }

    /** Objects with defined properties get {@code additionalProperties: false}, recursively (maps keep theirs). */
    private static void strict(JsonNode schema) {
        if (!(schema instanceof ObjectNode object)) {
            return;
        }
        JsonNode properties = object.get("properties");
        if (properties instanceof ObjectNode) {
            properties.forEach(ManifestSchemas::strict);
            if (!object.has("additionalProperties")) {
                object.put("additionalProperties", false);
            }
        }
        strict(object.get("items"));
        strict(object.get("additionalProperties"));
        for (String combinator : List.of("allOf", "anyOf", "oneOf")) {
            object.path(combinator).forEach(ManifestSchemas::strict);
        }
    }

    private static ObjectNode types(String... types) {
        ObjectNode schema = JsonNodeFactory.instance.objectNode();
        ArrayNode type = schema.putArray("type");
        for (String t : types) {
            type.add(t);
        }
        return schema;
    }
}
