package fi.imediat.rekisteri.infra;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** One of the three services, started from its built Quarkus application ({@code target/quarkus-app}). */
public final class ServiceProcess implements AutoCloseable {

    private final int port;
    private final ChildProcess process;

    private ServiceProcess(int port, ChildProcess process) {
        this.port = port;
        this.process = process;
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
        ChildProcess process = ChildProcess.start(name,
                List.of(ChildProcess.javaExecutable(javaHome), "-Xmx256m", "-jar", jar.toString()),
                environment, moduleDirectory, logFile);
        return new ServiceProcess(port, process);
    }

    public void awaitReady(Duration timeout) {
        process.awaitReady(timeout, () -> ChildProcess.answers200(baseUrl() + "/q/health/ready"));
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        process.close();
    }
}
