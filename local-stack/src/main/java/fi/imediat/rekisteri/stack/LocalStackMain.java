package fi.imediat.rekisteri.stack;

import fi.imediat.rekisteri.events.Topics;
import fi.imediat.rekisteri.infra.EmbeddedPostgresServer;
import fi.imediat.rekisteri.infra.LocalStack;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs the whole system on this machine until Ctrl-C: PostgreSQL, Kafka, Keycloak with the realm, and the three
 * services, with their data kept in one folder between runs. Settings come from environment variables (README).
 */
public final class LocalStackMain {

    private LocalStackMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        // PostgreSQL's start-up chatter belongs in no console; its problems still show.
        Logger.getLogger("io.zonky").setLevel(Level.WARNING);
        Path root = Path.of(System.getProperty("rekisteri.root", ".")).toAbsolutePath().normalize();
        Path data = Path.of(env("REKISTERI_DATA_DIR", root.resolve(".rekisteri").toString())).toAbsolutePath();
        Path javaHome = Path.of(System.getProperty("java.home"));
        LocalStack.Settings settings = new LocalStack.Settings(root, data, true, EmbeddedPostgresServer.Durability.DURABLE,
                port("REKISTERI_POSTGRES_PORT", 15432), port("REKISTERI_KAFKA_PORT", 19092),
                port("REKISTERI_KEYCLOAK_PORT", 18080),
                LocalStack.defaultServices(port("REKISTERI_CUSTOMER_PORT", 8081),
                        port("REKISTERI_CONSENT_PORT", 8082), port("REKISTERI_RETENTION_PORT", 8083)),
                javaHome, data.resolve("keycloak"), Path.of(env("KEYCLOAK_JAVA_HOME", javaHome.toString())),
                Map.of());

        System.out.println("Starting Rekisteri (data and logs in " + data + ") ...");
        long started = System.nanoTime();
        LocalStack stack = LocalStack.start(settings);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Stopping Rekisteri ...");
            stack.close();
            stopped.countDown();
        }, "local-stack-stop"));
        printWhereEverythingIs(stack, settings, (System.nanoTime() - started) / 1_000_000_000);
        stopped.await();
    }

    private static void printWhereEverythingIs(LocalStack stack, LocalStack.Settings settings, long seconds) {
        StringBuilder out = new StringBuilder("\nRekisteri is running (started in " + seconds + " s). Ctrl-C stops "
                + "everything.\n\n");
        settings.services().forEach(s -> {
            String url = stack.service(s.name()).baseUrl();
            out.append(String.format("  %-18s %s   Swagger UI %s/q/swagger-ui%n", s.name(), url, url));
        });
        out.append(String.format("  %-18s %s (admin console: http://127.0.0.1:%d/admin, user admin/admin)%n",
                "Keycloak realm", stack.keycloak().realmUrl(), stack.keycloak().port()));
        out.append(String.format("  %-18s %s (TLS + SCRAM; one settings file per principal in %s)%n", "Kafka",
                stack.kafka().bootstrapServers(), stack.kafka().clients().directory()));
        out.append(String.format("  %-18s jdbc:postgresql://127.0.0.1:%d/{customer,consent,retention} user %s%n",
                "PostgreSQL", stack.postgres().port(), "postgres"));
        out.append(String.format("  %-18s %s%n%n", "Logs", settings.dataDirectory().resolve("logs")));
        out.append("Demo users (password <user>-demo): agent, marketer, officer, asiakas. A token:\n");
        out.append("  curl -s -d grant_type=password -d client_id=rekisteri-console -d username=agent "
                + "-d password=agent-demo " + stack.keycloak().tokenUrl() + "\n");
        // The console tools, as in the README: Debian 12's kcat (librdkafka 2.0.2) fails SCRAM against Kafka 4.
        out.append("The example holder reading the privacy requests, with a Kafka 4.1 distribution's console tools:\n");
        out.append("  bin/kafka-console-consumer.sh --bootstrap-server " + stack.kafka().bootstrapServers()
                + " --consumer.config " + stack.kafka().clients().javaClientFile(LocalStack.EXAMPLE_HOLDER)
                + " --topic " + Topics.PRIVACY_REQUESTS + " --group " + LocalStack.EXAMPLE_HOLDER
                + "-console --from-beginning --property print.headers=true\n");
        System.out.println(out);
    }

    private static int port(String variable, int defaultPort) {
        return Integer.parseInt(env(variable, Integer.toString(defaultPort)));
    }

    private static String env(String variable, String defaultValue) {
        String value = System.getenv(variable);
        return value == null || value.isBlank() ? defaultValue : value;
    }
}
