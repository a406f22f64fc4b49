package fi.imediat.rekisteri.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A deliberately tiny stand-in for {@code kubectl kustomize}, supporting exactly what deploy/kubernetes uses, so
 * that CI can check the manifests without kubectl:
 * <ul>
 * <li>kustomization.yaml fields {@code apiVersion}, {@code kind}, {@code resources}, {@code patches},
 * {@code replicas}. Any other field (namespace, labels, images, generators, components…) fails the render, so a
 * Kustomize feature added to the manifests later cannot be silently ignored here: support it here first.</li>
 * <li>{@code resources}: local YAML files (several documents each) and directories holding a kustomization.yaml,
 * followed recursively, in order. No remote bases.</li>
 * <li>{@code patches}: entries with only {@code path}: a file of strategic-merge patches, one YAML document per
 * patched resource, each applied to the one rendered resource with the same apiVersion, kind, namespace and
 * name. Merge: maps merge recursively, a scalar replaces, {@code null} deletes the key. Lists in a patch are
 * rejected: Kustomize merges some built-in lists by key (containers by name…), which this does not imitate.</li>
 * <li>{@code replicas}: {@code {name, count}} sets {@code spec.replicas} of the Deployment of that name.</li>
 * </ul>
 * Two resources with the same apiVersion, kind, namespace and name fail the render, as in Kustomize.
 */
final class KustomizeLite {

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Set<String> FIELDS = Set.of("apiVersion", "kind", "resources", "patches", "replicas");

    private KustomizeLite() {
    }

    /** The resources of the kustomization in {@code dir}, in Kustomize's order (resources first, then patches). */
    static List<ObjectNode> render(Path dir) {
        Path file = dir.resolve("kustomization.yaml");
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no kustomization.yaml in " + dir);
        }
        List<ObjectNode> docs = readDocuments(file);
        if (docs.size() != 1) {
            throw new IllegalArgumentException(file + ": expected one YAML document, found " + docs.size());
        }
        ObjectNode kustomization = docs.get(0);
        kustomization.fieldNames().forEachRemaining(field -> {
            if (!FIELDS.contains(field)) {
                throw new IllegalArgumentException(file + ": field '" + field + "' is not supported by "
                        + KustomizeLite.class.getSimpleName() + " (supported: " + FIELDS + ")");
            }
        });

        Map<String, ObjectNode> resources = new LinkedHashMap<>();
        for (JsonNode entry : kustomization.path("resources")) {
            String ref = entry.asText();
            if (ref.contains("://") || ref.startsWith("github.com/")) {
                throw new IllegalArgumentException(file + ": remote resource '" + ref + "' is not supported");
            }
            Path target = dir.resolve(ref).normalize();
            List<ObjectNode> found;
            if (Files.isDirectory(target)) {
                found = render(target);
            } else if (Files.isRegularFile(target)) {
                found = readDocuments(target);
            } else {
                throw new IllegalArgumentException(file + ": resource '" + ref + "' does not exist");
            }
            for (ObjectNode resource : found) {
                if (resources.putIfAbsent(id(resource), resource) != null) {
                    throw new IllegalArgumentException(file + ": resource " + id(resource) + " is defined twice");
                }
            }
        }

        for (JsonNode entry : kustomization.path("patches")) {
            if (entry.size() != 1 || !entry.hasNonNull("path")) {
                throw new IllegalArgumentException(file + ": only patches with a 'path' alone are supported: " + entry);
            }
            Path patchFile = dir.resolve(entry.get("path").asText()).normalize();
            for (ObjectNode patch : readDocuments(patchFile)) {
                ObjectNode target = resources.get(id(patch));
                if (target == null) {
                    throw new IllegalArgumentException(patchFile + ": patch for " + id(patch) + " matches no resource");
                }
                merge(target, patch, patchFile + " " + id(patch));
            }
        }

        for (JsonNode entry : kustomization.path("replicas")) {
            String name = entry.path("name").asText();
            if (!entry.path("count").isInt()) {
                throw new IllegalArgumentException(file + ": replicas entry without an integer count: " + entry);
            }
            List<ObjectNode> targets = resources.values().stream()
                    .filter(r -> r.path("kind").asText().equals("Deployment")
                            && r.path("metadata").path("name").asText().equals(name))
                    .toList();
            if (targets.isEmpty()) {
                throw new IllegalArgumentException(file + ": replicas for '" + name + "' matches no Deployment");
            }
            for (ObjectNode deployment : targets) {
                JsonNode spec = deployment.get("spec");
                (spec instanceof ObjectNode o ? o : deployment.putObject("spec")).put("replicas", entry.get("count").asInt());
            }
        }
        return new ArrayList<>(resources.values());
    }

    /** apiVersion/kind/namespace/name; the namespace is empty when the resource names none. */
    static String id(JsonNode resource) {
        JsonNode metadata = resource.path("metadata");
        return resource.path("apiVersion").asText() + "/" + resource.path("kind").asText() + "/"
                + metadata.path("namespace").asText("") + "/" + metadata.path("name").asText();
    }

    /** Every non-empty document of a (multi-document) YAML file; each must be a mapping. */
    static List<ObjectNode> readDocuments(Path file) {
        List<ObjectNode> documents = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
            while (it.hasNext()) {
                JsonNode doc = it.next();
                if (doc == null || doc.isNull() || doc.isMissingNode()) {
                    continue; // an empty document, e.g. only comments before the first ---
                }
                if (!doc.isObject()) {
                    throw new IllegalArgumentException(file + ": a document is not a mapping: " + doc);
                }
                documents.add((ObjectNode) doc);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return documents;
    }

    private static void merge(ObjectNode target, ObjectNode patch, String where) {
        Iterator<Map.Entry<String, JsonNode>> fields = patch.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode value = field.getValue();
            JsonNode existing = target.get(field.getKey());
            if (value.isNull()) {
                target.remove(field.getKey());
            } else if (value.isArray()) {
                throw new IllegalArgumentException(where + ": list '" + field.getKey()
                        + "' in a patch is not supported (see " + KustomizeLite.class.getSimpleName() + ")");
            } else if (value.isObject()) {
                ObjectNode into = existing != null && existing.isObject()
                        ? (ObjectNode) existing : target.putObject(field.getKey());
                merge(into, (ObjectNode) value, where);
            } else {
                target.set(field.getKey(), value.deepCopy());
            }
        }
    }
}
