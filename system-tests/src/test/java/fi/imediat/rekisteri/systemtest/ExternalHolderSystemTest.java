package fi.imediat.rekisteri.systemtest;

import fi.imediat.rekisteri.infra.LocalStack;
import fi.imediat.rekisteri.testsupport.Tokens;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 17: an external holder connects as the README says. The README's two commands for the local stack
 * ("Connecting to the broker") run as written, with the Kafka console tools, against the set's broker as the example
 * holder newsletter-platform, with its own credentials and the broker's CA: the first reads an erasure request from
 * the privacy requests, the second acknowledges it on the holder's own replies topic, and retention-service completes
 * the request with it.
 */
@Order(3)
class ExternalHolderSystemTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern BASH_BLOCK = Pattern.compile("```bash\\n(.*?)```", Pattern.DOTALL);
    /** Where the README's commands expect the local stack's broker. */
    private static final String README_BOOTSTRAP = "127.0.0.1:19092";
    /** What a Kafka distribution's bin/kafka-console-*.sh run. */
    private static final Map<String, String> CONSOLE_TOOLS = Map.of(
            "kafka-console-consumer.sh", "org.apache.kafka.tools.consumer.ConsoleConsumer",
            "kafka-console-producer.sh", "org.apache.kafka.tools.ConsoleProducer");

    @Test
    void theReadmesCommandsReadAnErasureRequestAndAcknowledgeIt() throws Exception {
        List<String> commands = readmeConsoleCommands();
        assertEquals(2, commands.size(), "the README's examples: one reading, one acknowledging");
        Path workingDirectory = holderMachine();

        String retention = TheSet.stack().service("retention-service").baseUrl();
        given().baseUri(retention).auth().oauth2(TheSet.tokens().serviceAccount(LocalStack.EXAMPLE_HOLDER))
                .contentType(ContentType.JSON)
                .body(Map.of("id", LocalStack.EXAMPLE_HOLDER, "description", "The README's example holder",
                        "categories", List.of("MARKETING_PERMISSIONS"), "acknowledgementRequired", true,
                        "acknowledgementDeadline", "PT1H"))
                .when().post("/holders").then().statusCode(201);
        try {
            UUID customer = TheSet.registerCustomerWithEmail("console-tools");
            String request = TheSet.as("retention-service", Tokens.OFFICER)
                    .body(Map.of("customerId", customer, "reason", "DATA_SUBJECT_REQUEST"))
                    .when().post("/erasure-requests")
                    .then().statusCode(202).extract().path("id");

            // Stopped once nothing more arrives, where the README's reader would keep waiting.
            await().atMost(TIMEOUT).pollInterval(Duration.ofSeconds(1)).until(() -> run(workingDirectory,
                    commands.get(0) + " --timeout-ms 5000", Map.of()).contains(request));
            run(workingDirectory, commands.get(1), Map.of("CUSTOMER", customer.toString(), "REQUEST", request));

            await().atMost(TIMEOUT).untilAsserted(() -> TheSet.as("retention-service", Tokens.OFFICER)
                    .when().get("/erasure-requests/{id}", request)
                    .then().statusCode(200)
                    .body("holders.find { it.holder == 'newsletter-platform' }.outcomes[0].outcome",
                            equalTo("ERASED"))
                    .body("status", equalTo("COMPLETED")));
            ResidueScans.assertNothingUndeclaredLeft(customer.toString());
        } finally {
            TheSet.as("retention-service", Tokens.OFFICER)
                    .when().delete("/holders/{id}", LocalStack.EXAMPLE_HOLDER).then().statusCode(204);
        }
    }

    /**
     * A directory laid out as the README assumes: the local stack's client settings under
     * {@code .rekisteri/kafka/clients}, and {@code bin/} with the console tools as a Kafka distribution has them.
     */
    private static Path holderMachine() throws IOException {
        Path directory = Files.createTempDirectory("external-holder");
        Files.createDirectories(directory.resolve(".rekisteri/kafka"));
        Files.createSymbolicLink(directory.resolve(".rekisteri/kafka/clients"),
                TheSet.stack().kafka().clients().directory());
        Files.createDirectories(directory.resolve("bin"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = Files.readString(Path.of(System.getProperty("rekisteri.test-classpath"))).strip();
        for (Map.Entry<String, String> tool : CONSOLE_TOOLS.entrySet()) {
            Path script = directory.resolve("bin").resolve(tool.getKey());
            Files.writeString(script, "#!/bin/sh\nexec '" + java + "' -cp '" + classpath + "' " + tool.getValue()
                    + " \"$@\"\n");
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        }
        return directory;
    }

    /**
     * The README's bash blocks that run a console tool against the local stack's broker, with the broker's address
     * of this set (the Docker section's blocks address docker-compose's broker, which needs Docker).
     */
    private static List<String> readmeConsoleCommands() throws IOException {
        String readme = Files.readString(Path.of(System.getProperty("rekisteri.root"), "README.md"));
        String bootstrap = TheSet.stack().kafka().bootstrapServers();
        List<String> commands = new ArrayList<>();
        Matcher block = BASH_BLOCK.matcher(readme);
        while (block.find()) {
            if (block.group(1).contains("bin/kafka-console-") && block.group(1).contains(README_BOOTSTRAP)) {
                commands.add(block.group(1).strip().replace(README_BOOTSTRAP, bootstrap));
            }
        }
        return commands;
    }

    /** Runs {@code command} with bash; what it printed, or a failure that shows it. */
    private static String run(Path directory, String command, Map<String, String> environment) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", command).directory(directory.toFile())
                .redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "did not finish: " + command);
        assertEquals(0, process.exitValue(), "failed: " + output);
        return output;
    }
}
