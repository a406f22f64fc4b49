package fi.imediat.rekisteri.platform.outbox;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;

/**
 * Waits for PostgreSQL's {@code outbox_event} notification, which a trigger sends when an outbox insert commits
 * (in this replica or another). Holds its own connection outside the pool because it blocks for long periods;
 * when the database is unreachable the wait degrades to plain polling and reconnects on the next call.
 */
@ApplicationScoped
class OutboxNotifications {

    private static final Logger LOG = Logger.getLogger(OutboxNotifications.class);

    private final String url;
    private final String user;
    private final String password;
    private Connection listening;

    OutboxNotifications(@ConfigProperty(name = "quarkus.datasource.jdbc.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") String user,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.url = url;
        this.user = user;
        this.password = password.orElse("");
    }

    /** Returns at the next notification or after {@code timeout}, whichever comes first. */
    void await(Duration timeout) {
        try {
            listeningConnection().getNotifications((int) Math.max(1, timeout.toMillis()));
        } catch (SQLException e) {
            close();
            LOG.debugf("Outbox notifications unavailable (SQL state %s); polling instead", e.getSQLState());
            sleep(timeout);
        }
    }

    void close() {
        try {
            if (listening != null) {
                listening.close();
            }
        } catch (SQLException ignored) {
            // Being replaced or shut down anyway.
        }
        listening = null;
    }

    private PGConnection listeningConnection() throws SQLException {
        if (listening == null || listening.isClosed()) {
            listening = DriverManager.getConnection(url, user, password);
            try (Statement listen = listening.createStatement()) {
                listen.execute("LISTEN outbox_event");
            }
        }
        return listening.unwrap(PGConnection.class);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
