package fi.imediat.rekisteri.deploy;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the tools deploy-check uses (kubectl, npm, node): what they print, or a failure with what they said. */
final class Commands {

    /** The command's program is not installed (or cannot be started). */
    static final class NotInstalled extends RuntimeException {
        NotInstalled(List<String> command, IOException cause) {
            super("cannot start " + command.get(0), cause);
        }
    }

    private Commands() {
    }

    /**
     * Runs {@code command} in {@code directory} (null: the current one) with {@code input} on its stdin.
     *
     * @param what what running it is for, as in "cannot {@code what}"
     * @return what it printed on stdout
     */
    static String run(String what, Path directory, List<String> command, String input, Duration timeout) {
        try {
            Path stderr = Files.createTempFile("deploy-check", ".stderr");
            try {
                Process process;
                try {
                    process = new ProcessBuilder(command).directory(directory == null ? null : directory.toFile())
                            .redirectError(stderr.toFile()).start();
                } catch (IOException e) {
                    throw new NotInstalled(command, e);
                }
                try (OutputStream stdin = process.getOutputStream()) {
                    stdin.write(input.getBytes(StandardCharsets.UTF_8));
                }
                String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException("cannot " + what + ": " + String.join(" ", command)
                            + " did not finish in " + timeout);
                }
                if (process.exitValue() != 0) {
                    throw new IllegalStateException("cannot " + what + ": " + String.join(" ", command)
                            + " exited with " + process.exitValue() + ":\n" + Files.readString(stderr));
                }
                return stdout;
            } finally {
                Files.delete(stderr);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot " + what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while trying to " + what, e);
        }
    }
}
