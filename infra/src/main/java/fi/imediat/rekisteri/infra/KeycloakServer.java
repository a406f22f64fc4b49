package fi.imediat.rekisteri.infra;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Keycloak from its own distribution on Maven Central, in development mode on loopback, importing the project's
 * realm ({@code deploy/keycloak/rekisteri-realm.json}).
 */
public final class KeycloakServer implements AutoCloseable {

    public static final String REALM = "rekisteri";

    private final ChildProcess process;
    private final int port;

    private KeycloakServer(ChildProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * @param home       where the distribution is unpacked (once); with {@code persistent} its users and sessions
     *                   are kept there too
     * @param persistent false keeps everything in memory, so a test run never sees an earlier one's state
     * @param javaHome   the JDK Keycloak runs on (see {@code KEYCLOAK_JAVA_HOME} in the README)
     */
    public static KeycloakServer start(Path home, int port, boolean persistent, Path javaHome, Path logFile) {
        int httpPort = port == 0 ? Ports.free() : port;
        Ports.requireFree(httpPort, "Keycloak");
        Path distribution = unpackOnce(home);
        installRealm(distribution);

        List<String> command = new ArrayList<>(List.of("bash", distribution.resolve("bin/kc.sh").toString(),
                "start-dev",
                "--http-host=127.0.0.1",
                "--http-port=" + httpPort,
                "--http-management-port=" + Ports.free(),
                "--import-realm",
                "--db=" + (persistent ? "dev-file" : "dev-mem")));
        Map<String, String> environment = Map.of(
                "JAVA_HOME", javaHome.toString(),
                // The local demo's admin console login; the realm's users come from the realm file.
                "KC_BOOTSTRAP_ADMIN_USERNAME", "admin",
                "KC_BOOTSTRAP_ADMIN_PASSWORD", "admin",
                // Without this Keycloak sizes its heap from the machine's memory.
                "JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx512m");
        ChildProcess keycloak = ChildProcess.start("Keycloak", command, environment, distribution, logFile);
        String discovery = "http://127.0.0.1:" + httpPort + "/realms/" + REALM + "/.well-known/openid-configuration";
        keycloak.awaitReady(Duration.ofSeconds(300), () -> ChildProcess.answers200(discovery));
        return new KeycloakServer(keycloak, httpPort);
    }

    /** The issuer URL services validate tokens against, e.g. {@code quarkus.oidc.auth-server-url}. */
    public String realmUrl() {
        return "http://127.0.0.1:" + port + "/realms/" + REALM;
    }

    public String tokenUrl() {
        return realmUrl() + "/protocol/openid-connect/token";
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        process.close();
    }

    /** Unpacks into a sibling folder and renames it into place, so a half-unpacked distribution is never used. */
    private static Path unpackOnce(Path home) {
        Path distribution = home.resolve("keycloak-" + InfraArtifacts.keycloakVersion());
        if (Files.exists(distribution.resolve("bin/kc.sh"))) {
            return distribution;
        }
        Path staging = home.resolve(".unpacking-" + UUID.randomUUID());
        try {
            Files.createDirectories(staging);
            try (InputStream in = Files.newInputStream(InfraArtifacts.keycloakDistribution());
                 ZipInputStream zip = new ZipInputStream(in)) {
                for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                    Path target = staging.resolve(entry.getName()).normalize();
                    if (!target.startsWith(staging)) {
                        throw new IOException("Zip entry outside the target: " + entry.getName());
                    }
                    if (entry.isDirectory()) {
                        Files.createDirectories(target);
                    } else {
                        Files.createDirectories(target.getParent());
                        Files.copy(zip, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
            Path unpacked = staging.resolve("keycloak-" + InfraArtifacts.keycloakVersion());
            try (Stream<Path> scripts = Files.list(unpacked.resolve("bin"))) {
                scripts.filter(p -> p.toString().endsWith(".sh")).forEach(p -> p.toFile().setExecutable(true));
            }
            try {
                Files.move(unpacked, distribution, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException alreadyThere) {
                if (!Files.exists(distribution.resolve("bin/kc.sh"))) {
                    throw alreadyThere;
                }
            }
            deleteTree(staging);
            return distribution;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not unpack Keycloak into " + home, e);
        }
    }

    private static void installRealm(Path distribution) {
        installRealm(distribution, InfraArtifacts.resource("/keycloak/rekisteri-realm.json"));
    }

    /**
     * Puts {@code realm} where {@code --import-realm} reads it. Keycloak imports a realm only into a database that
     * lacks it, so a kept database ({@code persistent}, Keycloak's {@code data/h2}) made from another realm file is
     * dropped: its roles, clients and users all come from the file, and a changed file must reach them.
     */
    static void installRealm(Path distribution, String realm) {
        try {
            Path imports = Files.createDirectories(distribution.resolve("data/import"));
            Path file = imports.resolve(REALM + "-realm.json");
            if (Files.exists(file) && !Files.readString(file).equals(realm)) {
                deleteTree(distribution.resolve("data/h2"));
            }
            Files.writeString(file, realm);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted((a, b) -> b.compareTo(a)).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
