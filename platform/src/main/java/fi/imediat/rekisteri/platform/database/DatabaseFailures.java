package fi.imediat.rekisteri.platform.database;

import java.sql.SQLException;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What a failure's database cause says, found anywhere in the cause chain (the pool, the driver and Hibernate wrap
 * it differently).
 */
public final class DatabaseFailures {

    private DatabaseFailures() {
    }

    /** The SQLSTATE of the first SQLException in the chain; empty when the failure did not come from the database. */
    public static Optional<String> sqlState(Throwable failure) {
        return sqlExceptions(failure).findFirst().map(DatabaseFailures::state);
    }

    /**
     * The database could not be reached or was saturated: class 08 (connection exception), 57P0x (the server
     * shutting down or restarting), or no connection to be had from the pool in time (Agroal's acquisition timeout,
     * an SQLException of the pool itself, without SQLSTATE). Nothing was written; the same work may succeed later.
     */
    public static boolean unavailable(Throwable failure) {
        return sqlExceptions(failure).anyMatch(sql -> state(sql).startsWith("08") || state(sql).startsWith("57P0")
                || thrownByThePool(sql));
    }

    /**
     * Worth doing again unchanged: the database was {@link #unavailable}, or it rolled the transaction back for a
     * concurrent one (40001 serialization failure, 40P01 deadlock).
     */
    public static boolean transientFailure(Throwable failure) {
        return unavailable(failure)
                || sqlState(failure).filter(state -> state.equals("40001") || state.equals("40P01")).isPresent();
    }

    private static Stream<SQLException> sqlExceptions(Throwable failure) {
        return Stream.iterate(failure, Objects::nonNull, cause -> cause.getCause() == cause ? null : cause.getCause())
                .filter(SQLException.class::isInstance).map(SQLException.class::cast);
    }

    private static String state(SQLException e) {
        return e.getSQLState() == null ? "" : e.getSQLState();
    }

    private static boolean thrownByThePool(SQLException e) {
        return e.getStackTrace().length > 0 && e.getStackTrace()[0].getClassName().startsWith("io.agroal.");
    }
}
