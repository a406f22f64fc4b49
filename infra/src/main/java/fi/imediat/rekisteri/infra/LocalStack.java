package fi.imediat.rekisteri.infra;

import fi.imediat.rekisteri.events.BrokerAccess;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * The whole system on one machine without Docker: PostgreSQL (one database per service), a Kafka broker,
 * Keycloak with the realm, and the three services as separate processes. The run command and the system test
 * both start it through this class, so the system test exercises what developers run.
 */
public final class LocalStack implements AutoCloseable {

    /** A service of the set: its module folder, its database and the port it listens on. */
    public record Service(String name, String database, int port) {
    }

    /**
     * @param dataDirectory logs, and with {@code persistent} the databases, topics and Keycloak's users
     * @param keycloakHome  where Keycloak's distribution is unpacked once and reused
     * @param durability    DURABLE for what measures or keeps data (benchmarks, the run command), FAST for tests
     * @param serviceEnvironment more environment for every service, over the stack's own (the system tests' movable
     *                      clock and short job intervals); empty for the run command and the benchmarks
     */
    public record Settings(Path projectRoot, Path dataDirectory, boolean persistent,
            EmbeddedPostgresServer.Durability durability, int postgresPort,
            int kafkaPort, int keycloakPort, List<Service> services, Path javaHome, Path keycloakHome,
            Path keycloakJavaHome, Map<String, String> serviceEnvironment) {
    }

    /** The external holder that the README's examples connect as (the realm has a client of the same name). */
    public static final String EXAMPLE_HOLDER = "newsletter-platform";

    /** The broker's principals: each service, and the example holder, with the rights of the contract. */
    private static final List<BrokerAccess.Grant> KAFKA_PRINCIPALS = java.util.stream.Stream.concat(
            BrokerAccess.services().stream(), java.util.stream.Stream.of(BrokerAccess.externalHolder(EXAMPLE_HOLDER)))
            .toList();

    /** The three services of the set with their default ports. */
    public static List<Service> defaultServices(int customerPort, int consentPort, int retentionPort) {
        return List.of(new Service("customer-service", "customer", customerPort),
                new Service("consent-service", "consent", consentPort),
                new Service("retention-service", "retention", retentionPort));
    }

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final Map<String, ServiceProcess> services = new LinkedHashMap<>();
    /** Each service's environment, for a second replica of it. */
    private final Map<String, Map<String, String>> configurations = new HashMap<>();
    private Settings settings;
    private EmbeddedPostgresServer postgres;
    private KafkaBroker kafka;
    private KeycloakServer keycloak;

    private LocalStack() {
    }

    public static LocalStack start(Settings settings) {
        LocalStack stack = new LocalStack();
        try {
            stack.startInfrastructure(settings);
            stack.startServices(settings);
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    private void startInfrastructure(Settings settings) {
        Path data = settings.dataDirectory();
        CompletableFuture<EmbeddedPostgresServer> pg = async(() -> {
            EmbeddedPostgresServer server = EmbeddedPostgresServer.start(
                    settings.persistent() ? data.resolve("postgres") : null, settings.postgresPort(),
                    settings.durability());
            settings.services().forEach(s -> server.createDatabase(s.database()));
            return server;
        });
        Path kafkaData = data.resolve("kafka");
        if (!settings.persistent()) {
            // Fresh topics to go with the fresh databases: events of an earlier run name customers that no longer exist.
            Directories.delete(kafkaData);
        }
        CompletableFuture<KafkaBroker> broker = async(
                () -> KafkaBroker.start(kafkaData, settings.kafkaPort(), settings.javaHome(), KAFKA_PRINCIPALS));
        CompletableFuture<KeycloakServer> oidc = async(() -> KeycloakServer.start(settings.keycloakHome(),
                settings.keycloakPort(), settings.persistent(), settings.keycloakJavaHome(),
                data.resolve("logs/keycloak.log")));
        postgres = remember(pg);
        kafka = remember(broker);
        keycloak = remember(oidc);
        rethrowFirstFailure(pg, broker, oidc);
    }

    private void startServices(Settings settings) {
        this.settings = settings;
        // The services' addresses on the ports chosen here: where each serves its part of an access request and the
        // other two their residue scan (retention-service fetches them, and scans itself in-process), and where
        // consent-service reads contact data from customer-service.
        Map<String, String> addresses = new HashMap<>();
        for (Service service : settings.services()) {
            String baseUrl = "http://127.0.0.1:" + service.port();
            String holder = "REKISTERI_HOLDERS_" + service.name().toUpperCase(Locale.ROOT).replace('-', '_');
            addresses.put(holder + "_EXPORT_URL", baseUrl + "/customers/{customerId}/export");
            if (!service.name().equals("retention-service")) {
                addresses.put(holder + "_RESIDUE_URL", baseUrl + "/customers/{customerId}/residue");
            }
            if (service.name().equals("customer-service")) {
                addresses.put("QUARKUS_REST_CLIENT_CUSTOMER_SERVICE_URL", baseUrl);
            }
        }
        // Holder systems tried out on this machine serve their exports here, over plain http.
        addresses.put("REKISTERI_EXPORT_URLS_REQUIRE_HTTPS", "false");
        addresses.put("REKISTERI_EXPORT_URLS_ALLOWED_HOSTS", "127.0.0.1,localhost");
        // consent-service's contact keys under the key in its source: fine for fictitious data on this machine.
        addresses.put("REKISTERI_CONTACT_KEYS_LOCAL_SECRET_ALLOWED", "true");
        for (Service service : settings.services()) {
            Map<String, String> configuration = new HashMap<>(addresses);
            configuration.putAll(Map.of(
                    "QUARKUS_DATASOURCE_JDBC_URL", postgres.jdbcUrl(service.database()),
                    "QUARKUS_DATASOURCE_USERNAME", EmbeddedPostgresServer.applicationRole(service.database()),
                    "QUARKUS_DATASOURCE_PASSWORD", "local",
                    "QUARKUS_FLYWAY_USERNAME", EmbeddedPostgresServer.USER,
                    "QUARKUS_FLYWAY_PASSWORD", "local",
                    "QUARKUS_OIDC_AUTH_SERVER_URL", keycloak.realmUrl(),
                    // People read these logs: plain text instead of production's JSON.
                    "QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false"));
            // Each service connects to the broker as its own principal.
            configuration.putAll(kafka.clients().environment(service.name()));
            configuration.putAll(settings.serviceEnvironment());
            configurations.put(service.name(), Map.copyOf(configuration));
            ServiceProcess process = ServiceProcess.start(service.name(),
                    settings.projectRoot().resolve(service.name()), service.port(), configuration,
                    settings.javaHome(), settings.dataDirectory().resolve("logs/" + service.name() + ".log"));
            started.push(process);
            services.put(service.name(), process);
        }
        services.values().forEach(s -> s.awaitReady(Duration.ofSeconds(180)));
    }

    public ServiceProcess service(String name) {
        ServiceProcess service = services.get(name);
        if (service == null) {
            throw new IllegalArgumentException("No service " + name);
        }
        return service;
    }

    /**
     * Starts another replica of a service on {@code port}: the same database, broker and realm, as a second pod
     * would run. The caller stops it ({@link ServiceProcess#close()}); it is not part of the stack's own shutdown. Its
     * replica id (rekisteri.replica.id, by default the host name and the port) is its own, so its relay and consumers
     * do not take the first replica's transactional id or group membership.
     */
    public ServiceProcess startReplica(String name, int port) {
        service(name);
        return ServiceProcess.start(name, settings.projectRoot().resolve(name), port, configurations.get(name),
                settings.javaHome(), settings.dataDirectory().resolve("logs/" + name + "-" + port + ".log"));
    }

    public EmbeddedPostgresServer postgres() {
        return postgres;
    }

    public KafkaBroker kafka() {
        return kafka;
    }

    public KeycloakServer keycloak() {
        return keycloak;
    }

    /** Stops in reverse order of start: services before the infrastructure they use. */
    @Override
    public synchronized void close() {
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                System.err.println("While stopping: " + e);
            }
        }
    }

    private <T extends AutoCloseable> T remember(CompletableFuture<T> future) {
        try {
            T value = future.join();
            started.push(value);
            return value;
        } catch (CompletionException failed) {
            return null;
        }
    }

    private static void rethrowFirstFailure(CompletableFuture<?>... futures) {
        for (CompletableFuture<?> future : futures) {
            try {
                future.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
        }
    }

    private static <T> CompletableFuture<T> async(Supplier<T> task) {
        // Own threads, not the common pool: each task blocks for seconds on a child process.
        return CompletableFuture.supplyAsync(task, r -> new Thread(r, "local-stack-start").start());
    }
}
