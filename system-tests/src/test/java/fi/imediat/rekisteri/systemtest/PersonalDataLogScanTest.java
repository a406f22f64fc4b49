package fi.imediat.rekisteri.systemtest;

import fi.imediat.rekisteri.testsupport.TestPersonalData;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs last: no log line of the whole test run (every service module's test log and the system test's service
 * processes) contains any personal data value the tests sent.
 */
@Order(Integer.MAX_VALUE)
class PersonalDataLogScanTest {

    private static final List<String> SERVICES = List.of("customer-service", "consent-service", "retention-service");

    @Test
    void noLogLineHoldsPersonalData() throws IOException {
        Path root = Path.of(System.getProperty("rekisteri.root")).toAbsolutePath();
        List<Path> logs = new ArrayList<>();
        for (String service : SERVICES) {
            Path stackLogs = root.resolve("system-tests/target/stack/logs");
            Path stackLog = stackLogs.resolve(service + ".log");
            assertTrue(Files.size(stackLog) > 0, "the system test left no log of " + service);
            // The service's own log and those of extra replicas (<service>-<port>.log).
            try (Stream<Path> files = Files.list(stackLogs)) {
                files.filter(f -> f.getFileName().toString().startsWith(service)).forEach(logs::add);
            }
            Path moduleLogs = root.resolve(service + "/target/test-logs");
            if (Files.isDirectory(moduleLogs)) {
                try (Stream<Path> files = Files.list(moduleLogs)) {
                    files.filter(Files::isRegularFile).forEach(logs::add);
                }
            }
        }

        List<String> findings = new ArrayList<>();
        for (Path log : logs) {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                for (String value : TestPersonalData.forbiddenInLogs()) {
                    if (lines.get(i).contains(value)) {
                        findings.add(root.relativize(log) + ":" + (i + 1) + " contains a test value");
                    }
                }
            }
        }
        System.out.println("Log scan: " + logs.size() + " log files, " + findings.size() + " findings");
        assertEquals(List.of(), findings);
    }
}
