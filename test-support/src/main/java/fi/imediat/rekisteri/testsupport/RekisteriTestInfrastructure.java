package fi.imediat.rekisteri.testsupport;

import fi.imediat.rekisteri.infra.EmbeddedPostgresServer;
import fi.imediat.rekisteri.infra.KeycloakServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The real infrastructure of a service's tests, started once per test JVM and in parallel: PostgreSQL (database
 * named by the {@code database} init argument), a KRaft Kafka broker from Kafka's test kit, and Keycloak with the
 * project's realm. Everything listens on free ports, so nothing already running on the machine is picked up.
 * <p>
 * Use with {@code @WithTestResource(value = RekisteriTestInfrastructure.class, scope = TestResourceScope.GLOBAL,
 * initArgs = @ResourceArg(name = "database", value = "customer"))}.
 */
public class RekisteriTestInfrastructure implements QuarkusTestResourceLifecycleManager {

    private String database = "rekisteri";
    private EmbeddedPostgresServer postgres;
    private KafkaClusterTestKit kafka;
    private KeycloakServer keycloak;

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault("database", database);
    }

    @Override
    public Map<String, String> start() {
        CompletableFuture<EmbeddedPostgresServer> pg = async(() -> {
            EmbeddedPostgresServer server = EmbeddedPostgresServer.start(null, 0,
                    EmbeddedPostgresServer.Durability.FAST);
            server.createDatabase(database);
            return server;
        });
        CompletableFuture<KafkaClusterTestKit> broker = async(RekisteriTestInfrastructure::startKafka);
        CompletableFuture<KeycloakServer> oidc = async(() -> KeycloakServer.start(TestKeycloak.home(), 0, false,
                TestKeycloak.javaHome(), TestKeycloak.logFile()));
        postgres = pg.join();
        kafka = broker.join();
        keycloak = oidc.join();
        return Map.of(
                "quarkus.datasource.jdbc.url", postgres.jdbcUrl(database),
                "quarkus.datasource.username", EmbeddedPostgresServer.USER,
                "quarkus.datasource.password", "test",
                "kafka.bootstrap.servers", kafka.bootstrapServers(),
                "quarkus.oidc.auth-server-url", keycloak.realmUrl());
    }

    @Override
    public void stop() {
        if (keycloak != null) {
            keycloak.close();
        }
        if (kafka != null) {
            try {
                kafka.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    private static KafkaClusterTestKit startKafka() {
        try {
            KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                    .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build())
                    // One node: internal topics must accept one replica, or consumer groups never form.
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("offsets.topic.num.partitions", "3")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("transaction.state.log.min.isr", "1")
                    .setConfigProp("share.coordinator.state.topic.replication.factor", "1")
                    .setConfigProp("share.coordinator.state.topic.min.isr", "1")
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .setConfigProp("num.partitions", "3")
                    .setConfigProp("auto.create.topics.enable", "true")
                    .build();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            return cluster;
        } catch (Exception e) {
            throw new IllegalStateException("Kafka test broker did not start", e);
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
