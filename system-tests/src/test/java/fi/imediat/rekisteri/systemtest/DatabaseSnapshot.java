package fi.imediat.rekisteri.systemtest;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

import static org.awaitility.Awaitility.await;

/**
 * Every table of the three services' databases as a row count and a hash of every row's content: what "nothing
 * changed" is checked against.
 */
record DatabaseSnapshot(Map<String, String> tables) {

    private static final List<String> DATABASES = List.of("customer", "consent", "retention");

    /**
     * Left out, because they legitimately record the attempts themselves: the audit trail (append-only, it records
     * every read and every DENIED access, as the privacy notice promises), the sweep log (POST /sweeps takes no input
     * and records each run) and Flyway's history.
     */
    private static final Set<String> RECORDS_ATTEMPTS = Set.of("audit_event", "sweep", "flyway_schema_history");

    /**
     * The outbox is compared by how many events are unpublished and its highest position: published rows may be
     * deleted by the hourly cleanup at any time, and any new event raises the position.
     */
    private static final String OUTBOX = "SELECT count(*) FILTER (WHERE published_at IS NULL), "
            + "coalesce(max(position), 0)::text FROM outbox_event";

    static DatabaseSnapshot take() {
        Map<String, String> tables = new TreeMap<>();
        try {
            for (String database : DATABASES) {
                try (Connection connection = TheSet.database(database);
                     Statement statement = connection.createStatement()) {
                    List<String> names = new ArrayList<>();
                    try (ResultSet result = statement.executeQuery(
                            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")) {
                        while (result.next()) {
                            names.add(result.getString(1));
                        }
                    }
                    for (String table : names) {
                        if (RECORDS_ATTEMPTS.contains(table)) {
                            continue;
                        }
                        String sql = "outbox_event".equals(table) ? OUTBOX
                                : "SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) "
                                + "FROM " + table + " t";
                        try (ResultSet result = statement.executeQuery(sql)) {
                            result.next();
                            tables.put(database + "." + table, result.getLong(1) + " " + result.getString(2));
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return new DatabaseSnapshot(tables);
    }

    /**
     * Waits until the earlier work has settled: {@code settled} holds, every outbox is published, consent-service
     * has no contact-key fetch queued (its worker runs only every few seconds, so a queued fetch can outlast two
     * equal snapshots), and two snapshots a second apart are the same.
     */
    static DatabaseSnapshot awaitQuiet(Callable<Boolean> settled) {
        AtomicReference<DatabaseSnapshot> last = new AtomicReference<>(take());
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    // Checked before the snapshot and on the snapshot itself, so the one returned is settled.
                    boolean settledBefore = settled.call();
                    DatabaseSnapshot now = take();
                    return now.equals(last.getAndSet(now)) && settledBefore && now.everyOutboxPublished()
                            && now.tables.get("consent.contact_key_refresh").startsWith("0 ");
                });
        return last.get();
    }

    private boolean everyOutboxPublished() {
        return DATABASES.stream().allMatch(database -> tables.get(database + ".outbox_event").startsWith("0 "));
    }

    /** The tables whose content differs in {@code after}, with both figures. */
    List<String> changedTables(DatabaseSnapshot after) {
        return after.tables.entrySet().stream().filter(e -> !e.getValue().equals(tables.get(e.getKey())))
                .map(e -> e.getKey() + " (" + tables.get(e.getKey()) + " -> " + e.getValue() + ")")
                .toList();
    }
}
