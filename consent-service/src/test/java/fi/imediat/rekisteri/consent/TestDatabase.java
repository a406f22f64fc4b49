package fi.imediat.rekisteri.consent;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Reads the service's database in tests, and waits for what asynchronous consumers and workers write. */
final class TestDatabase {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    interface Row<T> {
        T read(ResultSet rows) throws SQLException;
    }

    private TestDatabase() {
    }

    static <T> List<T> query(DataSource dataSource, String sql, Object parameter, Row<T> row) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setObject(1, parameter);
            List<T> result = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    result.add(row.read(rows));
                }
            }
            return result;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static <T> T await(Supplier<T> read, Predicate<T> done) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        T value = read.get();
        while (!done.test(value)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Not reached within " + TIMEOUT + "; last seen: " + value);
            }
            Thread.sleep(200);
            value = read.get();
        }
        return value;
    }
}
