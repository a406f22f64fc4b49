package fi.imediat.rekisteri.benchmark;

import fi.imediat.rekisteri.infra.EmbeddedPostgresServer;
import fi.imediat.rekisteri.infra.LocalStack;
import fi.imediat.rekisteri.infra.Ports;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * {@code ./mvnw package -Pbenchmark}: starts a fresh local stack (every service, PostgreSQL, Kafka and Keycloak on
 * this machine), runs the benchmarks and writes {@code benchmarks/target/benchmark/results.json} and
 * {@code summary.txt}. {@code -Dbenchmark.only=fan-out,eligibility} runs some; {@code -Dbenchmark.scale=smoke} runs
 * them in seconds.
 */
public final class BenchmarkMain {

    private BenchmarkMain() {
    }

    /**
     * A stack with nothing kept from an earlier run, on free ports, with durable commits as in production: the
     * baselines and the services are measured on the same server. Keycloak is unpacked once into the benchmarks'
     * folder and reused (the soak's too). Ctrl-C stops the services and the infrastructure, in order.
     */
    public static LocalStack freshDurableStack(Path root, Path data) throws IOException {
        Path javaHome = Path.of(System.getProperty("java.home"));
        String keycloakJava = System.getenv("KEYCLOAK_JAVA_HOME");
        LocalStack stack = LocalStack.start(new LocalStack.Settings(root, Files.createDirectories(data), false,
                EmbeddedPostgresServer.Durability.DURABLE, 0, 0, 0,
                LocalStack.defaultServices(Ports.free(), Ports.free(), Ports.free()), javaHome,
                root.resolve("benchmarks/target/benchmark/keycloak"),
                keycloakJava == null || keycloakJava.isBlank() ? javaHome : Path.of(keycloakJava), Map.of()));
        Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "stop-the-stack"));
        return stack;
    }

    public static void main(String[] args) throws Exception {
        Logger.getLogger("io.zonky").setLevel(Level.WARNING);
        Logger.getLogger("org.apache.kafka").setLevel(Level.WARNING);
        Path root = Path.of(System.getProperty("rekisteri.root", ".")).toAbsolutePath().normalize();
        Path work = Files.createDirectories(root.resolve("benchmarks/target/benchmark"));
        Scale scale = Scale.named(System.getProperty("benchmark.scale", "full"));
        Set<String> only = Arrays.stream(System.getProperty("benchmark.only", "").split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toSet());

        System.out.println("Starting a fresh local stack for the benchmarks ...");
        try (LocalStack stack = freshDurableStack(root, work.resolve("stack"))) {
            BenchmarkReport report = Benchmarks.run(BenchmarkContext.of(stack, scale), only);
            report.write(work);
            System.out.println();
            System.out.println(report.summary());
            System.out.println("Results: " + work.resolve("results.json") + " and " + work.resolve("summary.txt"));
        }
    }
}
