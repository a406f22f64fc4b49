package fi.imediat.rekisteri.platform.database;

import jakarta.persistence.EntityManager;
import org.hibernate.Session;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A statement over a whole set in one round trip: its {@link #array} parameters reach PostgreSQL as SQL arrays, for
 * {@code unnest(?)} or {@code = ANY (?)}, on the connection of the caller's transaction (Hibernate's native queries
 * bind no SQL arrays). Other parameters are bound as they are; a null one has no declared type, so the server infers
 * it from where it stands.
 */
public final class SetStatements {

    /** An array parameter: the SQL type of its elements, and its elements. */
    public record SqlArray(String elementType, Collection<?> elements) {
    }

    /** Reads one row of a result. */
    @FunctionalInterface
    public interface RowReader<T> {
        T read(ResultSet row) throws SQLException;
    }

    @FunctionalInterface
    private interface Execution<R> {
        R run(PreparedStatement statement) throws SQLException;
    }

    private SetStatements() {
    }

    public static SqlArray array(String elementType, Collection<?> elements) {
        return new SqlArray(elementType, elements);
    }

    /** @return how many rows the statement changed */
    public static int update(EntityManager entityManager, String sql, Object... parameters) {
        return run(entityManager, sql, parameters, PreparedStatement::executeUpdate);
    }

    public static <T> List<T> query(EntityManager entityManager, String sql, RowReader<T> reader,
            Object... parameters) {
        return run(entityManager, sql, parameters, statement -> {
            List<T> rows = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    rows.add(reader.read(result));
                }
            }
            return rows;
        });
    }

    private static <R> R run(EntityManager entityManager, String sql, Object[] parameters, Execution<R> execution) {
        return entityManager.unwrap(Session.class).doReturningWork(connection -> {
            List<Array> arrays = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                for (int i = 0; i < parameters.length; i++) {
                    if (parameters[i] instanceof SqlArray array) {
                        Array bound = connection.createArrayOf(array.elementType(), array.elements().toArray());
                        arrays.add(bound);
                        statement.setArray(i + 1, bound);
                    } else if (parameters[i] == null) {
                        statement.setNull(i + 1, Types.OTHER);
                    } else {
                        statement.setObject(i + 1, parameters[i]);
                    }
                }
                return execution.run(statement);
            } finally {
                for (Array array : arrays) {
                    array.free();
                }
            }
        });
    }
}
