package fi.imediat.rekisteri.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * A real Kafka broker in KRaft mode (one combined broker + controller node) running as its own JVM from
 * Apache Kafka's artifacts on Maven Central.
 */
public final class KafkaBroker implements AutoCloseable {

    private final Path dataDirectory;
    private final int port;
    private final List<String> jvm;
    private final Path config;
    private volatile ChildProcess process;

    private KafkaBroker(Path dataDirectory, int port, List<String> jvm, Path config) {
        this.dataDirectory = dataDirectory;
        this.port = port;
        this.jvm = jvm;
        this.config = config;
    }

    /**
     * @param dataDirectory the log directories and metadata live here; formatted on first use only
     * @param port          0 for a free port
     */
    public static KafkaBroker start(Path dataDirectory, int port, Path javaHome) {
        int brokerPort = port == 0 ? Ports.free() : port;
        int controllerPort = Ports.free();
        Ports.requireFree(brokerPort, "Kafka");
        try {
            Files.createDirectories(dataDirectory);
            Path config = dataDirectory.resolve("server.properties");
            Files.writeString(config, serverProperties(dataDirectory, brokerPort, controllerPort));
            Path logConfig = dataDirectory.resolve("log4j2.properties");
            Files.writeString(logConfig, InfraArtifacts.resource("/kafka-log4j2.properties"));

            List<String> jvm = List.of(ChildProcess.javaExecutable(javaHome), "-Xms64m", "-Xmx512m",
                    "-Dlog4j2.configurationFile=" + logConfig, "-cp", InfraArtifacts.kafkaClasspath());
            if (!Files.exists(dataDirectory.resolve("logs").resolve("meta.properties"))) {
                format(jvm, config, dataDirectory, dataDirectory.resolve("kafka.log"));
            }
            KafkaBroker broker = new KafkaBroker(dataDirectory, brokerPort, jvm, config);
            broker.launch();
            return broker;
        } catch (IOException e) {
            throw new UncheckedIOException("Kafka did not start", e);
        }
    }

    /** Stops the broker as an outage would; {@link #restart()} brings it back with its data and port. */
    public void stop() {
        process.close();
    }

    public void restart() {
        Ports.requireFree(port, "Kafka");
        launch();
    }

    private void launch() {
        ChildProcess broker = ChildProcess.start("Kafka", concat(jvm, "kafka.Kafka", config.toString()), Map.of(),
                dataDirectory, dataDirectory.resolve("kafka.log"));
        broker.awaitReady(Duration.ofSeconds(90),
                () -> broker.logContains("Kafka Server started") && Ports.isListening(port));
        process = broker;
    }

    private static void format(List<String> jvm, Path config, Path dataDirectory, Path log) {
        ChildProcess format = ChildProcess.start("Kafka storage format",
                concat(jvm, "kafka.tools.StorageTool", "format", "--cluster-id", newClusterId(),
                        "--config", config.toString()), Map.of(), dataDirectory, log);
        format.awaitSuccessfulExit(Duration.ofSeconds(60));
    }

    /** The broker's process id (it changes with {@link #restart()}). */
    public long pid() {
        return process.pid();
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    @Override
    public void close() {
        process.close();
    }

    private static String serverProperties(Path dataDirectory, int brokerPort, int controllerPort) {
        return String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + brokerPort,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + dataDirectory.resolve("logs"),
                "num.partitions=3",
                // A single node: every internal topic must accept one replica, or consumer groups never form.
                "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "auto.create.topics.enable=true",
                "") ;
    }

    /**
     * Kafka cluster ids are 16 random bytes in URL-safe base64 without padding; one that starts with '-' would be
     * read as an option by the storage tool, so (like Kafka's own generator) those are drawn again.
     */
    private static String newClusterId() {
        SecureRandom random = new SecureRandom();
        byte[] bytes = new byte[16];
        String id;
        do {
            random.nextBytes(bytes);
            id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        } while (id.startsWith("-"));
        return id;
    }

    private static List<String> concat(List<String> head, String... tail) {
        return java.util.stream.Stream.concat(head.stream(), java.util.Arrays.stream(tail)).toList();
    }
}
