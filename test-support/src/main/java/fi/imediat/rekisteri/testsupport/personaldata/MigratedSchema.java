package fi.imediat.rekisteri.testsupport.personaldata;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The tables and columns of a schema as Flyway left it, read from PostgreSQL's catalog, and the migrations applied
 * to it in order (from its schema history, their text from the classpath), so that a finding can name the migration
 * that made a table or column. Views are left out: they hold no data of their own.
 *
 * @param columnsByTable every table's columns, in table order
 */
public record MigratedSchema(Map<String, List<String>> columnsByTable, List<Migration> migrations) {

    /** One applied migration: its file name and text (empty when it is not found on the classpath). */
    public record Migration(String script, String text) {
    }

    public MigratedSchema {
        columnsByTable = Collections.unmodifiableMap(new TreeMap<>(columnsByTable));
        migrations = List.copyOf(migrations);
    }

    /**
     * @param schema the schema Flyway migrated (the service's own is {@code public})
     * @param locations Flyway's locations, {@code quarkus.flyway.locations}, to find the migrations' text
     */
    public static MigratedSchema read(Connection connection, String schema, List<String> locations)
            throws SQLException {
        Map<String, List<String>> columns = new LinkedHashMap<>();
        try (PreparedStatement query = connection.prepareStatement("""
                SELECT c.relname, a.attname
                FROM pg_class c
                JOIN pg_namespace n ON n.oid = c.relnamespace
                JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
                WHERE n.nspname = ? AND c.relkind IN ('r', 'p')
                ORDER BY c.relname, a.attnum""")) {
            query.setString(1, schema);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    columns.computeIfAbsent(rows.getString(1), table -> new ArrayList<>()).add(rows.getString(2));
                }
            }
        }
        List<Migration> migrations = new ArrayList<>();
        try (Statement query = connection.createStatement();
             ResultSet rows = query.executeQuery("SELECT script FROM \"" + schema.replace("\"", "\"\"")
                     + "\".flyway_schema_history WHERE success AND type = 'SQL' ORDER BY installed_rank")) {
            while (rows.next()) {
                String script = rows.getString(1);
                migrations.add(new Migration(script, text(script, locations)));
            }
        }
        return new MigratedSchema(columns, migrations);
    }

    private static String text(String script, List<String> locations) {
        for (String location : locations) {
            String path = location.replaceFirst("^classpath:", "").replaceAll("^/|/$", "") + "/" + script;
            try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(path)) {
                if (in != null) {
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return "";
    }
}
