package fi.imediat.rekisteri.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The broker's TLS identity on this machine: a self-signed certificate for 127.0.0.1 and localhost, made once with
 * the JDK's keytool. {@link #trustedCertificate()} (PEM) is what clients trust, Java and librdkafka alike.
 */
record KafkaTls(Path keyStore, String keyStorePassword, Path trustedCertificate) {

    static KafkaTls in(Path directory, Path javaHome) {
        Path keyStore = directory.resolve("broker.p12");
        Path certificate = directory.resolve("ca.pem");
        Path password = directory.resolve("keystore-password");
        try {
            if (!Files.exists(certificate)) {
                Directories.delete(directory);
                Files.createDirectories(directory);
                Secrets.write(password, Secrets.random());
                String pass = Files.readString(password);
                keytool(javaHome, directory, "-genkeypair", "-alias", "broker", "-keyalg", "EC", "-groupname",
                        "secp256r1", "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
                        "-validity", "3650", "-storetype", "PKCS12", "-keystore", keyStore.toString(),
                        "-storepass", pass, "-keypass", pass);
                Path exported = directory.resolve("ca.pem.partial");
                keytool(javaHome, directory, "-exportcert", "-rfc", "-alias", "broker", "-keystore",
                        keyStore.toString(), "-storepass", pass, "-file", exported.toString());
                // Last, so that a run interrupted half-way makes a new identity instead of trusting half of one.
                Files.move(exported, certificate);
            }
            return new KafkaTls(keyStore, Files.readString(password), certificate);
        } catch (IOException e) {
            throw new UncheckedIOException("could not make the broker's TLS certificate", e);
        }
    }

    private static void keytool(Path javaHome, Path directory, String... arguments) {
        List<String> command = new java.util.ArrayList<>();
        command.add(javaHome.resolve("bin").resolve("keytool").toString());
        command.addAll(List.of(arguments));
        ChildProcess.start("keytool", command, Map.of(), directory, directory.resolve("keytool.log"))
                .awaitSuccessfulExit(Duration.ofSeconds(60));
    }
}
