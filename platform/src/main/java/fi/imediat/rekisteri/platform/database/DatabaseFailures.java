package fi.imediat.rekisteri.platform.database;

import java.sql.SQLException;
import java.util.Optional;

/**
 * What a failure's database cause says, found anywhere in the cause chain (the pool, the driver and Hibernate wrap
 * it differently).
 */
public final class DatabaseFailures {

    private DatabaseFailures() {
    }

    /** The SQLSTATE of the first SQLException in the chain; empty when the failure did not come from the database. */
    public static Optional<String> sqlState(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SQLException sql) {
                return Optional.of(sql.getSQLState() == null ? "" : sql.getSQLState());
            }
        }
        return Optional.empty();
    }

    /**
     * The database could not be reached or was saturated: class 08 (connection exception), 57P0x (the server
     * shutting down or restarting), or no connection to be had from the pool in time (Agroal's acquisition timeout,
     * an SQLException of the pool itself, without SQLSTATE). Nothing was written; the same work may succeed later.
     */
    public static boolean unavailable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SQLException sql) {
                String state = sql.getSQLState() == null ? "" : sql.getSQLState();
                if (state.startsWith("08") || state.startsWith("57P0") || thrownByThePool(sql)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Worth doing again unchanged: the database was {@link #unavailable}, or it rolled the transaction back for a
     * concurrent one (40001 serialization failure, 40P01 deadlock).
     */
    public static boolean transientFailure(Throwable failure) {
        return unavailable(failure)
                || sqlState(failure).filter(state -> state.equals("40001") || state.equals("40P01")).isPresent();
    }

    private static boolean thrownByThePool(SQLException e) {
        return e.getStackTrace().length > 0 && e.getStackTrace()[0].getClassName().startsWith("io.agroal.");
    }
}
