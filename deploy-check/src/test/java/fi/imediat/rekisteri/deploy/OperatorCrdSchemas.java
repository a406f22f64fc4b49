package fi.imediat.rekisteri.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.opentest4j.TestAbortedException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * The schemas of the operators' kinds, which no Maven artifact carries: Strimzi's {@code KafkaTopic} and
 * {@code KafkaUser} ({@code kafka.strimzi.io/v1}) and CloudNativePG's {@code Cluster}. Their CRDs' schemas come as the
 * validators of the npm packages {@code @kubernetes-models/strimzi-kafka-operator} and
 * {@code @kubernetes-models/cloudnative-pg}, pinned with their dependencies by {@code src/test/crd-validation/
 * package-lock.json} (integrity of every package), installed with {@code npm ci} into
 * {@code ~/.cache/rekisteri/crd-validation-<hash of the lock>} and run by node ({@code validate.mjs}). They check
 * types, required fields and enumerations; unlike {@link ManifestSchemas}, not unknown fields (the CRDs do not
 * forbid them, and the API server prunes them), which {@link KubernetesManifestsTest}'s checks of the fields the
 * services depend on cover. Without npm, the tests that need them are skipped, as those that render.
 */
final class OperatorCrdSchemas {

    static final Set<String> KINDS = Set.of("kafka.strimzi.io/v1 KafkaTopic", "kafka.strimzi.io/v1 KafkaUser",
            "postgresql.cnpg.io/v1 Cluster");
    private static final List<String> FILES = List.of("package.json", "package-lock.json", ".npmrc", "validate.mjs");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Path installed;

    private OperatorCrdSchemas() {
    }

    /** For each resource, in order, what its CRD schema finds wrong with it (empty when valid). */
    static List<List<String>> validate(List<ObjectNode> resources) {
        if (resources.isEmpty()) {
            return List.of();
        }
        Path directory = installed();
        StringBuilder input = new StringBuilder();
        for (ObjectNode resource : resources) {
            input.append(resource.toString()).append('\n');
        }
        String output = run(directory, List.of("node", "validate.mjs"), input.toString());
        List<List<String>> results = new ArrayList<>();
        try {
            for (String line : output.strip().split("\n")) {
                List<String> messages = new ArrayList<>();
                JSON.readTree(line).forEach(message -> messages.add(message.asText()));
                results.add(messages);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("validate.mjs printed what is not JSON:\n" + output, e);
        }
        if (results.size() != resources.size()) {
            throw new IllegalStateException("validate.mjs answered " + results.size() + " lines for "
                    + resources.size() + " resources:\n" + output);
        }
        return results;
    }

    /** The validators installed from the lock file, once per lock file (a new lock installs anew). */
    private static synchronized Path installed() {
        if (installed != null) {
            return installed;
        }
        Path source = KubernetesManifestsTest.manifestRoot().resolve("../../deploy-check/src/test/crd-validation")
                .normalize();
        try {
            String lockHash = sha256(Files.readAllBytes(source.resolve("package-lock.json")),
                    Files.readAllBytes(source.resolve("validate.mjs")));
            Path directory = Kustomize.cacheRoot().resolve("crd-validation-" + lockHash.substring(0, 16));
            if (!Files.isDirectory(directory.resolve("node_modules"))) {
                Files.createDirectories(directory);
                for (String file : FILES) {
                    Files.copy(source.resolve(file), directory.resolve(file), StandardCopyOption.REPLACE_EXISTING);
                }
                run(directory, List.of("npm", "ci", "--no-audit", "--no-fund", "--silent"), "");
            }
            installed = directory;
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install the CRD validators from " + source, e);
        }
    }

    private static String run(Path directory, List<String> command, String input) {
        try {
            return Commands.run("validate against the operators' CRDs", directory, command, input,
                    Duration.ofMinutes(5));
        } catch (Commands.NotInstalled e) {
            throw new TestAbortedException("deploy-check validates Strimzi's and CloudNativePG's resources with node "
                    + "and npm, which are not installed: install Node.js and npm", e);
        }
    }

    private static String sha256(byte[]... parts) {
        MessageDigest sha256 = Kustomize.digest("SHA-256");
        for (byte[] part : parts) {
            sha256.update(part);
        }
        return HexFormat.of().formatHex(sha256.digest());
    }
}
