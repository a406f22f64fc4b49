package fi.imediat.rekisteri.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The validation itself: strict about fields, exact about types, and mapping apiVersions to the right schemas. */
class ManifestSchemasTest {

    private static ManifestSchemas schemas;

    @BeforeAll
    static void load() {
        schemas = ManifestSchemas.load();
    }

    @Test
    void knowsTheKindsOfEachPinnedGroup() {
        assertTrue(schemas.hasSchema("v1", "ConfigMap"));
        assertTrue(schemas.hasSchema("apps/v1", "Deployment"));
        assertTrue(schemas.hasSchema("autoscaling/v2", "HorizontalPodAutoscaler"));
        assertTrue(schemas.hasSchema("networking.k8s.io/v1", "NetworkPolicy"));
        assertTrue(schemas.hasSchema("monitoring.coreos.com/v1", "PrometheusRule"));
        assertFalse(schemas.hasSchema("v1", "Deployment"));
        assertFalse(schemas.hasSchema("kafka.strimzi.io/v1", "KafkaTopic"));
    }

    @Test
    void rejectsFieldsTheSchemaDoesNotDefineAtAnyDepth() throws IOException {
        List<String> violations = schemas.validate(yaml("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: app, labelz: {a: b}}
                spec:
                  selector: {matchLabels: {a: b}}
                  template:
                    metadata: {labels: {a: b}}
                    spec:
                      containers: [{name: app, image: app:1, imagePulPolicy: Always}]
                """));

        assertEquals(2, violations.size(), violations.toString());
        assertTrue(violations.get(0).contains("labelz"), violations.toString());
        assertTrue(violations.get(1).contains("imagePulPolicy"), violations.toString());
    }

    @Test
    void checksTypesAndRequiredFieldsButTakesMapsAsMaps() throws IOException {
        List<String> violations = schemas.validate(yaml("""
                apiVersion: autoscaling/v2
                kind: HorizontalPodAutoscaler
                metadata: {name: app, annotations: {any.key/at-all: value}}
                spec: {minReplicas: "2", maxReplicas: 3}
                """));

        assertEquals(2, violations.size(), violations.toString());
        assertTrue(violations.stream().anyMatch(v -> v.contains("minReplicas") && v.contains("integer")), violations.toString());
        assertTrue(violations.stream().anyMatch(v -> v.contains("scaleTargetRef")), violations.toString());
    }

    @Test
    void takesNumbersAndNamesWhereKubernetesDoes() throws IOException {
        assertEquals(List.of(), schemas.validate(yaml("""
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: app}
                spec:
                  podSelector: {}
                  ingress: [{ports: [{port: http}, {port: 8080}]}]
                """)));
        assertEquals(List.of(), schemas.validate(yaml("""
                apiVersion: v1
                kind: ResourceQuota
                metadata: {name: app}
                spec: {hard: {cpu: 2, memory: 512Mi}}
                """)));
    }

    private static JsonNode yaml(String text) throws IOException {
        return new YAMLMapper().readTree(text);
    }
}
