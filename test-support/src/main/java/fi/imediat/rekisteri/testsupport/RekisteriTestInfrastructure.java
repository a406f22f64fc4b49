package fi.imediat.rekisteri.testsupport;

import fi.imediat.rekisteri.infra.EmbeddedPostgresServer;
import fi.imediat.rekisteri.infra.KeycloakServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import fi.imediat.rekisteri.infra.KafkaBroker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The real infrastructure of a service's tests, started once per test JVM and in parallel: PostgreSQL (database
 * named by the {@code database} init argument), the Kafka broker that the local stack runs (TLS, SASL/SCRAM and the
 * contract's ACLs; {@link TestKafka}), and Keycloak with the project's realm. The service connects to the broker as
 * the principal named by the {@code kafka-principal} init argument, so a test sees what the broker lets that
 * service do. Everything listens on free ports, so nothing already running on the machine is picked up.
 * <p>
 * Use with {@code @WithTestResource(value = RekisteriTestInfrastructure.class, scope = TestResourceScope.GLOBAL,
 * initArgs = {@ResourceArg(name = "database", value = "customer"),
 * @ResourceArg(name = "kafka-principal", value = "customer-service")})}.
 */
public class RekisteriTestInfrastructure implements QuarkusTestResourceLifecycleManager {

    private String database = "rekisteri";
    private String kafkaPrincipal;
    private EmbeddedPostgresServer postgres;
    private KafkaBroker kafka;
    private KeycloakServer keycloak;

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault("database", database);
        kafkaPrincipal = initArgs.get("kafka-principal");
        if (kafkaPrincipal == null) {
            throw new IllegalArgumentException("say which principal the service connects to Kafka as: kafka-principal");
        }
    }

    @Override
    public Map<String, String> start() {
        CompletableFuture<EmbeddedPostgresServer> pg = async(() -> {
            EmbeddedPostgresServer server = EmbeddedPostgresServer.start(null, 0,
                    EmbeddedPostgresServer.Durability.FAST);
            server.createDatabase(database);
            return server;
        });
        CompletableFuture<KafkaBroker> broker = async(RekisteriTestInfrastructure::startKafka);
        CompletableFuture<KeycloakServer> oidc = async(() -> KeycloakServer.start(TestKeycloak.home(), 0, false,
                TestKeycloak.javaHome(), TestKeycloak.logFile()));
        postgres = pg.join();
        kafka = broker.join();
        keycloak = oidc.join();
        Map<String, String> configuration = new HashMap<>(Map.of(
                "quarkus.datasource.jdbc.url", postgres.jdbcUrl(database),
                // The service as its application role, the migrations as the schema's owner, as in production.
                "quarkus.datasource.username", EmbeddedPostgresServer.applicationRole(database),
                "quarkus.datasource.password", "test",
                "quarkus.flyway.username", EmbeddedPostgresServer.USER,
                "quarkus.flyway.password", "test",
                "quarkus.oidc.auth-server-url", keycloak.realmUrl(),
                TestKafka.CLIENTS, kafka.clients().directory().toString()));
        kafka.clients().as(kafkaPrincipal).forEach((name, value) -> configuration.put("kafka." + name, value.toString()));
        return configuration;
    }

    @Override
    public void stop() {
        if (keycloak != null) {
            keycloak.close();
        }
        if (kafka != null) {
            kafka.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    private static KafkaBroker startKafka() {
        try {
            Path data = Files.createTempDirectory("rekisteri-test-kafka");
            return KafkaBroker.start(data, 0, Path.of(System.getProperty("java.home")), TestKafka.PRINCIPALS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <T> CompletableFuture<T> async(Supplier<T> task) {
        return CompletableFuture.supplyAsync(task, r -> new Thread(r, "test-infrastructure-start").start());
    }

    /** Where tests keep Keycloak: unpacked once per machine, in-memory data per run. */
    static final class TestKeycloak {

        private TestKeycloak() {
        }

        static Path home() {
            return Path.of(System.getProperty("java.io.tmpdir"), "rekisteri-test-keycloak");
        }

        static Path logFile() {
            return Path.of("target", "keycloak.log").toAbsolutePath();
        }

        static Path javaHome() {
            String configured = System.getenv("KEYCLOAK_JAVA_HOME");
            return Path.of(configured != null && !configured.isBlank() ? configured
                    : System.getProperty("java.home"));
        }
    }
}
