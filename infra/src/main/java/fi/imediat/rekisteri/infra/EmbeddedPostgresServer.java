package fi.imediat.rekisteri.infra;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * A real PostgreSQL server from the binaries on Maven Central (zonky), one database per service.
 * With a data directory the data survive restarts; without one every start is fresh.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    public static final String USER = "postgres";

    /** Whether a commit waits for the disk, as in production, or not, for tests that need speed, not durability. */
    public enum Durability {
        /** {@code fsync} and {@code synchronous_commit} on: the production setting, what benchmarks measure. */
        DURABLE,
        /** Both off: a crash of the machine may lose the last commits, which a throwaway test database can afford. */
        FAST
    }

    private final Path dataDirectory;
    /** A data directory this class made for a fresh server: deleted on {@link #close()}. */
    private final boolean temporary;
    private final Durability durability;
    private final int port;
    private volatile EmbeddedPostgres postgres;

    private EmbeddedPostgresServer(Path dataDirectory, boolean temporary, Durability durability, int port) {
        this.dataDirectory = dataDirectory;
        this.temporary = temporary;
        this.durability = durability;
        this.port = port;
        this.postgres = launch();
    }

    /**
     * @param dataDirectory kept between runs when not null
     * @param port          0 for a free port
     */
    public static EmbeddedPostgresServer start(Path dataDirectory, int port, Durability durability) {
        int chosenPort = port == 0 ? Ports.free() : port;
        Ports.requireFree(chosenPort, "PostgreSQL");
        try {
            // Even a fresh server gets a directory of its own, so that it can be stopped and started again.
            return dataDirectory == null
                    ? new EmbeddedPostgresServer(Files.createTempDirectory("rekisteri-postgres"), true, durability,
                            chosenPort)
                    : new EmbeddedPostgresServer(dataDirectory, false, durability, chosenPort);
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL did not start", e);
        }
    }

    private EmbeddedPostgres launch() {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setPort(port)
                .setPGStartupWait(Duration.ofSeconds(60))
                .setServerConfig("max_connections", "200")
                .setServerConfig("fsync", durability == Durability.DURABLE ? "on" : "off")
                .setServerConfig("synchronous_commit", durability == Durability.DURABLE ? "on" : "off")
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                // Stopped by its owner after the services that use it: the library's own shutdown hook would stop
                // it concurrently, and services still consuming would fail on a closed database.
                .setRegisterShutdownHook(false);
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL did not start", e);
        }
    }

    /**
     * Stops the server process as an operator or a failover would (fast shutdown: sessions are ended); its data and
     * port stay for {@link #restart()}.
     */
    public synchronized void stop() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the server again after {@link #stop()}, on the same port with the same data. */
    public synchronized void restart() {
        Ports.requireFree(port, "PostgreSQL");
        postgres = launch();
    }

    public int port() {
        return postgres.getPort();
    }

    /**
     * The postmaster's process id, from {@code postmaster.pid} in the data directory (the server runs detached from
     * the JVM that started it); each connection's backend is a child process of it.
     */
    public long pid() {
        try {
            return Long.parseLong(Files.readAllLines(dataDirectory.resolve("postmaster.pid")).get(0).trim());
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL is not running in " + dataDirectory, e);
        }
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database;
    }

    /**
     * The role a service connects to {@code database} as. {@link #USER}, the server's superuser, owns the schema and
     * runs the migrations, which grant this role what the service may do (platform's V0_4__application_role.sql).
     */
    public static String applicationRole(String database) {
        return database + "_app";
    }

    /**
     * Creates the database unless it exists already (a kept data directory), and its {@link #applicationRole} unless
     * that exists.
     */
    public void createDatabase(String name) {
        if (!name.matches("[a-z][a-z0-9_]{0,58}")) {
            throw new IllegalArgumentException("Not a database name: " + name);
        }
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement create = connection.createStatement();
             PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            // Local connections are trusted (no password): the role needs only to exist.
            create.execute("DO $$ BEGIN CREATE ROLE " + applicationRole(name) + " LOGIN; "
                    + "EXCEPTION WHEN duplicate_object THEN NULL; END $$");
            exists.setString(1, name);
            try (ResultSet rows = exists.executeQuery()) {
                if (!rows.next()) {
                    create.execute("CREATE DATABASE " + name);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create database " + name, e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            postgres.close();
            if (temporary) {
                Directories.delete(dataDirectory);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
