package fi.imediat.rekisteri.infra;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Properties;

/** Where Maven put the artifacts the infrastructure runs from; written into this jar at build time. */
final class InfraArtifacts {

    private static final Properties PROPERTIES = load();

    private InfraArtifacts() {
    }

    static Path keycloakDistribution() {
        return Path.of(PROPERTIES.getProperty("keycloak.dist"));
    }

    static String keycloakVersion() {
        return PROPERTIES.getProperty("keycloak.version");
    }

    /** The broker's classpath: kafka_2.13 and its runtime dependencies with a log4j binding. */
    static String kafkaClasspath() {
        return resource("/kafka.classpath").trim();
    }

    static String resource(String name) {
        try (InputStream in = InfraArtifacts.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the infra jar; rebuild it with Maven");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Properties load() {
        Properties properties = new Properties();
        try (InputStream in = InfraArtifacts.class.getResourceAsStream("/infra.properties")) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }
}
