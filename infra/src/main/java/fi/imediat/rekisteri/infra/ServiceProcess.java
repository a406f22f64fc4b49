package fi.imediat.rekisteri.infra;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** One of the three services, started from its built Quarkus application ({@code target/quarkus-app}). */
public final class ServiceProcess implements AutoCloseable {

    private final String name;
    private final int port;
    private final List<String> command;
    private final Map<String, String> environment;
    private final Path moduleDirectory;
    private final Path logFile;
    private volatile ChildProcess process;

    private ServiceProcess(String name, int port, List<String> command, Map<String, String> environment,
            Path moduleDirectory, Path logFile) {
        this.name = name;
        this.port = port;
        this.command = command;
        this.environment = environment;
        this.moduleDirectory = moduleDirectory;
        this.logFile = logFile;
        this.process = ChildProcess.start(name, command, environment, moduleDirectory, logFile);
    }

    public static ServiceProcess start(String name, Path moduleDirectory, int port, Map<String, String> configuration,
            Path javaHome, Path logFile) {
        Path jar = moduleDirectory.resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: build the services first (./mvnw package)");
        }
        Ports.requireFree(port, name);
        Map<String, String> environment = new HashMap<>(configuration);
        environment.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        environment.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        return new ServiceProcess(name, port,
                command(javaHome, jar),
                Map.copyOf(environment), moduleDirectory, logFile);
    }

    /**
     * How a service's JVM is started (README, "JVM flags"): a heap of at most 256 MB that starts small and grows with
     * the work, as it does in a pod, where the initial heap is 1/64 of the memory limit (here it would start at the
     * full 256 MB and keep it resident); the serial collector, which the JVM itself picks in a pod of one CPU, and
     * which costs the least memory beside the heap on two cores; and only the C1 compiler: with three services, Kafka,
     * PostgreSQL and Keycloak on two cores, C2's compiler threads still took about half a core ten minutes into a
     * load, and without them the services served about 50 % more writes (docs/benchmarks.md).
     */
    private static List<String> command(Path javaHome, Path jar) {
        return List.of(ChildProcess.javaExecutable(javaHome), "-Xms16m", "-Xmx256m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-jar", jar.toString());
    }

    /** Ends the service as a crash would (SIGKILL): whatever it was doing is cut off mid-way. */
    public void kill() {
        process.kill();
    }

    /**
     * Starts the service again, with the same configuration and port, after {@link #kill()} or {@link #close()};
     * {@link #awaitReady} waits for it.
     */
    public void restart() {
        Ports.requireFree(port, name);
        process = ChildProcess.start(name, command, environment, moduleDirectory, logFile);
    }

    public void awaitReady(Duration timeout) {
        process.awaitReady(timeout, () -> ChildProcess.answers200(baseUrl() + "/q/health/ready"));
    }

    /** The process id of the running service's JVM (it changes with {@link #restart()}). */
    public long pid() {
        return process.pid();
    }

    /** Where the service writes its log; runs with a kept data directory append to it. */
    public Path logFile() {
        return logFile;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        process.close();
    }
}
