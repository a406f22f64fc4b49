package fi.imediat.rekisteri.platform.personaldata;

import fi.imediat.rekisteri.events.DataCategory;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The residue scan (docs/personal-data.md): searches every table of the service's schema for a customer's id and
 * compares what it finds with the service's personal-data declaration, so that a table added by a migration and
 * declared is scanned without code of its own.
 * <p>
 * A personal table is searched by the columns declared {@code identifier} (a JSON or text payload by whether it
 * contains the id); a row found in a table declared ERASE, or a kept row that still holds a column the erasure clears,
 * is a residue. A table declared to hold nothing about a person, and a table not declared at all, is searched by every
 * column that can hold the id, which checks the declaration itself. The statements are built from identifiers that
 * the declaration names and PostgreSQL's catalog confirms, quoted; the id is always a bound parameter. Only counts
 * are read, never a value.
 */
@ApplicationScoped
public class ResidueScan {

    /** Column types that can hold a customer id, as text or inside a JSON document. */
    private static final Set<String> UUID_TYPES = Set.of("uuid");
    private static final Set<String> TEXT_TYPES = Set.of("text", "varchar", "bpchar");
    private static final Set<String> DOCUMENT_TYPES = Set.of("json", "jsonb", "_text", "_uuid", "_varchar");

    private final DataSource dataSource;
    private final PersonalDataDeclaration declaration;
    private final String service;
    private final Clock clock;

    /** The declaration is read once, with the bean; one that contradicts itself fails the first scan. */
    ResidueScan(DataSource dataSource, @ConfigProperty(name = "quarkus.application.name") String service,
            Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.declaration = PersonalDataDeclaration.ofService();
        this.service = service;
    }

    public ResidueReport scan(UUID customerId) {
        try (Connection connection = dataSource.getConnection()) {
            Map<String, Map<String, String>> schema = columnTypes(connection);
            List<TableResidue> tables = new ArrayList<>();
            for (Map.Entry<String, Map<String, String>> table : schema.entrySet()) {
                DeclaredTable declared = declaration.tables().get(table.getKey());
                if (declared != null && declared.personal()) {
                    tables.add(personal(connection, declared, schema, customerId));
                } else {
                    undeclaredOrNonPersonal(connection, table.getKey(), table.getValue(), declared, customerId)
                            .ifPresent(tables::add);
                }
            }
            return new ResidueReport(service, customerId, clock.instant(),
                    tables.stream().anyMatch(table -> !table.allowed()), tables);
        } catch (SQLException e) {
            throw new IllegalStateException("The residue scan could not read the schema (SQL state "
                    + e.getSQLState() + ")", e);
        }
    }

    private TableResidue personal(Connection connection, DeclaredTable table, Map<String, Map<String, String>> schema,
            UUID customerId) throws SQLException {
        Map<String, String> types = schema.get(table.name());
        List<String> searchedBy = new ArrayList<>();
        List<String> conditions = new ArrayList<>();
        int parameters = 0;
        for (DeclaredColumn column : table.columns().values()) {
            if (!column.identifier() || !types.containsKey(column.name())) {
                continue;
            }
            if (table.foundThrough() != null && column.name().equals(table.foundBy())) {
                // The key of the row of another table that the customer's id finds (a part of an access request).
                String[] through = table.foundThrough().split("\\.");
                DeclaredTable target = declaration.tables().get(through[0]);
                List<String> targetConditions = new ArrayList<>();
                for (DeclaredColumn targetColumn : target.columns().values()) {
                    String condition = targetColumn.identifier()
                            ? condition(targetColumn.name(), schema.get(target.name()).get(targetColumn.name()))
                            : null;
                    if (condition != null) {
                        targetConditions.add(condition);
                    }
                }
                if (!targetConditions.isEmpty()) {
                    conditions.add(quote(column.name()) + " IN (SELECT " + quote(through[1]) + " FROM "
                            + quote(target.name()) + " WHERE " + String.join(" OR ", targetConditions) + ")");
                    parameters += targetConditions.size();
                    searchedBy.add(column.name() + " (through " + table.foundThrough() + ")");
                }
                continue;
            }
            String condition = condition(column.name(), types.get(column.name()));
            if (condition != null) {
                conditions.add(condition);
                parameters++;
                searchedBy.add(column.name());
            }
        }
        List<String> cleared = table.clearedOnKeptRows().stream().filter(types::containsKey).toList();
        long[] counts = conditions.isEmpty() ? new long[1 + cleared.size()]
                : count(connection, table.name(), conditions, parameters, cleared, customerId);
        List<String> stillSet = new ArrayList<>();
        for (int i = 0; i < cleared.size(); i++) {
            if (counts[i + 1] > 0) {
                stillSet.add(cleared.get(i) + " (" + counts[i + 1] + " rows)");
            }
        }
        String finding = null;
        if (counts[0] > 0 && (table.erasure() == ErasureAction.ERASE || table.erasure() == ErasureAction.ANONYMISE)) {
            finding = "the customer's id still finds " + counts[0] + " rows in a table declared " + table.erasure();
        } else if (!stillSet.isEmpty()) {
            finding = "kept rows still hold columns the erasure clears: " + String.join(", ", stillSet);
        }
        return new TableResidue(table.name(), table.categories().stream().sorted().toList(), searchedBy, counts[0],
                table.erasure(), table.basis(), table.keptFor(), table.keptColumns(), finding == null, finding);
    }

    /**
     * A table declared to hold nothing about a person, reported only where the customer's id is found in it; or a
     * table not declared at all, always a finding (the build's check should have refused it). Searched by every
     * column that can hold the id.
     */
    private Optional<TableResidue> undeclaredOrNonPersonal(Connection connection, String table,
            Map<String, String> types, DeclaredTable declared, UUID customerId) throws SQLException {
        List<String> searchedBy = new ArrayList<>();
        List<String> conditions = new ArrayList<>();
        types.forEach((column, type) -> {
            String condition = condition(column, type);
            if (condition != null) {
                conditions.add(condition);
                searchedBy.add(column);
            }
        });
        long rows = conditions.isEmpty() ? 0
                : count(connection, table, conditions, conditions.size(), List.of(), customerId)[0];
        if (declared != null && rows == 0) {
            return Optional.empty();
        }
        String finding = declared == null
                ? "the table is not declared in the personal-data declaration"
                : "the customer's id finds " + rows + " rows in a table declared to hold no personal data";
        return Optional.of(new TableResidue(table, List.<DataCategory>of(), searchedBy, rows, null, null,
                null, List.of(), false, finding));
    }

    /** {@code [rows found, then per cleared column the rows found that still hold it]}: one statement. */
    private static long[] count(Connection connection, String table, List<String> conditions, int parameters,
            List<String> cleared, UUID customerId) throws SQLException {
        String counts = Stream.concat(Stream.of("count(*)"),
                        cleared.stream().map(c -> "count(*) FILTER (WHERE " + quote(c) + " IS NOT NULL)"))
                .collect(Collectors.joining(", "));
        try (PreparedStatement query = connection.prepareStatement("SELECT " + counts + " FROM " + quote(table)
                + " WHERE " + String.join(" OR ", conditions))) {
            for (int i = 1; i <= parameters; i++) {
                query.setString(i, customerId.toString());
            }
            try (ResultSet result = query.executeQuery()) {
                result.next();
                long[] found = new long[1 + cleared.size()];
                for (int i = 0; i < found.length; i++) {
                    found[i] = result.getLong(i + 1);
                }
                return found;
            }
        }
    }

    /** The condition that the column holds the id (one parameter), or null for a type that cannot hold it. */
    private static String condition(String column, String type) {
        if (UUID_TYPES.contains(type)) {
            return quote(column) + " = CAST(? AS uuid)";
        }
        if (TEXT_TYPES.contains(type)) {
            // A text key is the id itself; a text payload (the outbox's) contains it.
            return "strpos(" + quote(column) + ", ?) > 0";
        }
        if (DOCUMENT_TYPES.contains(type)) {
            return "strpos(CAST(" + quote(column) + " AS text), ?) > 0";
        }
        return null;
    }

    /** Every table of the service's schema (partitions once, as their parent) with its columns' types. */
    private static Map<String, Map<String, String>> columnTypes(Connection connection) throws SQLException {
        Map<String, Map<String, String>> tables = new LinkedHashMap<>();
        try (PreparedStatement query = connection.prepareStatement("""
                SELECT c.relname, a.attname, t.typname
                FROM pg_class c
                JOIN pg_namespace n ON n.oid = c.relnamespace
                JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
                JOIN pg_type t ON t.oid = a.atttypid
                WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND NOT c.relispartition
                ORDER BY c.relname, a.attnum""");
             ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                tables.computeIfAbsent(rows.getString(1), table -> new LinkedHashMap<>())
                        .put(rows.getString(2), rows.getString(3));
            }
        }
        return tables;
    }

    private static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
