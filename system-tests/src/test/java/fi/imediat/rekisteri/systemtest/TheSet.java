package fi.imediat.rekisteri.systemtest;

import fi.imediat.rekisteri.infra.EmbeddedPostgresServer;
import fi.imediat.rekisteri.infra.LocalStack;
import fi.imediat.rekisteri.infra.Ports;
import fi.imediat.rekisteri.testsupport.Tokens;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

import static io.restassured.RestAssured.given;

/**
 * The set under test, started as the run command starts it (three service processes, PostgreSQL, a Kafka broker
 * process, Keycloak) once for every system test class of the JVM, and stopped when the JVM exits.
 */
final class TheSet {

    private static LocalStack stack;
    private static Tokens tokens;

    private TheSet() {
    }

    static synchronized LocalStack stack() {
        if (stack == null) {
            Path root = Path.of(System.getProperty("rekisteri.root")).toAbsolutePath();
            Path javaHome = Path.of(System.getProperty("java.home"));
            String keycloakJava = System.getenv("KEYCLOAK_JAVA_HOME");
            try {
                stack = LocalStack.start(new LocalStack.Settings(root,
                        Files.createDirectories(root.resolve("system-tests/target/stack")), false, 0, 0, 0,
                        LocalStack.defaultServices(Ports.free(), Ports.free(), Ports.free()), javaHome,
                        Path.of(System.getProperty("java.io.tmpdir"), "rekisteri-test-keycloak"),
                        keycloakJava == null || keycloakJava.isBlank() ? javaHome : Path.of(keycloakJava)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "stop-the-set"));
            tokens = new Tokens(stack.keycloak().realmUrl());
        }
        return stack;
    }

    static Tokens tokens() {
        stack();
        return tokens;
    }

    /** A JSON request to {@code service} as {@code user} (one of {@link Tokens}' users). */
    static RequestSpecification as(String service, String user) {
        return given().baseUri(stack().service(service).baseUrl())
                .auth().oauth2(tokens().user(user))
                .contentType(ContentType.JSON);
    }

    /** A connection to a service's own database, for checks the REST interface does not answer. */
    static Connection database(String name) throws SQLException {
        return DriverManager.getConnection(stack().postgres().jdbcUrl(name), EmbeddedPostgresServer.USER, "");
    }
}
