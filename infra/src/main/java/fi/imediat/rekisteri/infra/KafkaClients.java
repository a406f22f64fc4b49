package fi.imediat.rekisteri.infra;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * How a client connects to a {@link KafkaBroker} as one of its principals: a directory with, for each principal,
 * {@code <principal>.properties} (Java client settings: bootstrap servers, TLS trust, SASL/SCRAM credentials) and
 * {@code <principal>.kcat.conf} (the same for kcat and other librdkafka clients). The broker writes them at every
 * start; they are readable by the owner only.
 */
public record KafkaClients(Path directory) {

    /** The broker's own principal and its only super user: topics, credentials and ACLs are made as it. */
    public static final String ADMIN = "admin";

    /** The settings of a Java client (producer, consumer or admin) that authenticates as {@code principal}. */
    public Properties as(String principal) {
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(javaClientFile(principal))) {
            properties.load(in);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("the broker has no principal " + principal + " (" + directory + ")");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    /** The settings of a Java client that connects over TLS without credentials, which the broker must refuse. */
    public Properties anonymous() {
        Properties properties = as(ADMIN);
        properties.keySet().removeIf(name -> name.toString().startsWith("sasl."));
        properties.put("security.protocol", "SSL");
        return properties;
    }

    /**
     * The same settings as environment variables for a Quarkus service ({@code KAFKA_SASL_JAAS_CONFIG} for
     * {@code kafka.sasl.jaas.config}), which its channels and every client it builds itself take.
     */
    public Map<String, String> environment(String principal) {
        Map<String, String> environment = new TreeMap<>();
        as(principal).forEach((name, value) -> environment.put(
                "KAFKA_" + name.toString().toUpperCase(Locale.ROOT).replace('.', '_'), value.toString()));
        return environment;
    }

    public Path javaClientFile(String principal) {
        return directory.resolve(principal + ".properties");
    }

    public Path kcatFile(String principal) {
        return directory.resolve(principal + ".kcat.conf");
    }
}
