package fi.imediat.rekisteri.deploy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The renderer itself: what it supports works, and what it does not support fails instead of being ignored. */
class KustomizeLiteTest {

    @TempDir
    Path dir;

    private static final String DEPLOYMENT = """
            # a comment before the first document
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: app, namespace: ns}
            spec: {replicas: 2}
            ---
            apiVersion: policy/v1
            kind: PodDisruptionBudget
            metadata: {name: app, namespace: ns}
            spec: {minAvailable: 1}
            """;

    @Test
    void followsDirectoriesAndAppliesPatchesAndReplicas() throws IOException {
        write("base/kustomization.yaml", "resources: [app]\n");
        write("base/app/kustomization.yaml", "resources: [app.yaml]\n");
        write("base/app/app.yaml", DEPLOYMENT);
        write("overlay/kustomization.yaml", """
                resources: [../base]
                replicas: [{name: app, count: 3}]
                patches: [{path: pdb.yaml}]
                """);
        write("overlay/pdb.yaml", """
                apiVersion: policy/v1
                kind: PodDisruptionBudget
                metadata: {name: app, namespace: ns}
                spec: {minAvailable: null, maxUnavailable: 1, selector: {matchLabels: {a: b}}}
                """);

        List<ObjectNode> rendered = KustomizeLite.render(dir.resolve("overlay"));

        assertEquals(2, rendered.size());
        assertEquals(3, rendered.get(0).path("spec").path("replicas").asInt());
        ObjectNode pdb = rendered.get(1);
        assertFalse(pdb.path("spec").has("minAvailable"));
        assertEquals(1, pdb.path("spec").path("maxUnavailable").asInt());
        assertEquals("b", pdb.path("spec").path("selector").path("matchLabels").path("a").asText());
    }

    @Test
    void rejectsWhatItDoesNotImplement() throws IOException {
        write("base/kustomization.yaml", "resources: [app.yaml]\n");
        write("base/app.yaml", DEPLOYMENT);

        write("unknown/kustomization.yaml", "resources: [../base]\nnamespace: other\n");
        assertRejected("unknown", "field 'namespace' is not supported");

        write("list/kustomization.yaml", "resources: [../base]\npatches: [{path: p.yaml}]\n");
        write("list/p.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: app, namespace: ns}\n"
                + "spec: {template: {spec: {containers: [{name: app}]}}}\n");
        assertRejected("list", "list 'containers' in a patch is not supported");

        write("nomatch/kustomization.yaml", "resources: [../base]\npatches: [{path: p.yaml}]\n");
        write("nomatch/p.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: app}\nspec: {replicas: 1}\n");
        assertRejected("nomatch", "matches no resource");

        write("twice/kustomization.yaml", "resources: [../base, ../base/app.yaml]\n");
        assertRejected("twice", "is defined twice");
    }

    private void assertRejected(String kustomization, String message) {
        Exception e = assertThrows(IllegalArgumentException.class, () -> KustomizeLite.render(dir.resolve(kustomization)));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    private void write(String path, String content) throws IOException {
        Path file = dir.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }
}
