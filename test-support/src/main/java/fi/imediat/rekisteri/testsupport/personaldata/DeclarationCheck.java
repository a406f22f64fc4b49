package fi.imediat.rekisteri.testsupport.personaldata;

import fi.imediat.rekisteri.events.DataCategory;
import fi.imediat.rekisteri.platform.personaldata.DeclaredTable;
import fi.imediat.rekisteri.platform.personaldata.PersonalDataDeclaration;
import fi.imediat.rekisteri.testsupport.personaldata.MigratedSchema.Migration;
import org.eclipse.microprofile.config.ConfigProvider;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Compares a migrated schema with its personal-data declaration: every table and column must be declared, and every
 * declared table and column must exist. Each finding names the table or column, the migration that made (or last
 * named) it where one can be found, and what to declare; never a value, the schema is not read.
 */
public final class DeclarationCheck {

    private DeclarationCheck() {
    }

    /**
     * Checks the schema that the service under test migrated at start (its {@code quarkus.flyway.locations}, in
     * {@code public}) against the service's declaration and platform's.
     */
    public static void assertServiceSchemaDeclared(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            assertDeclared(MigratedSchema.read(connection, "public",
                            List.of(ConfigProvider.getConfig().getValue("quarkus.flyway.locations", String[].class))),
                    PersonalDataDeclaration.ofService());
        }
    }

    /** Fails with every finding, if there is any. */
    public static void assertDeclared(MigratedSchema schema, PersonalDataDeclaration declaration) {
        List<String> findings = findings(schema, declaration);
        if (!findings.isEmpty()) {
            throw new AssertionError("The schema and its personal-data declaration differ (docs/personal-data.md):\n- "
                    + String.join("\n- ", findings));
        }
    }

    public static List<String> findings(MigratedSchema schema, PersonalDataDeclaration declaration) {
        List<String> findings = new ArrayList<>();
        schema.columnsByTable().forEach((table, columns) -> {
            DeclaredTable declared = declaration.tables().get(table);
            if (declared == null) {
                findings.add("table " + table + made(schema, "created by", table, null)
                        + " is not declared: add it under tables in " + PersonalDataDeclaration.SERVICE
                        + ", as personal: false with a reason and its columns, or personal: true with found-by,"
                        + " erasure and each column's data category");
                return;
            }
            columns.stream().filter(column -> !declared.columns().containsKey(column)).forEach(column ->
                    findings.add("column " + table + "." + column + made(schema, "added by", table, column)
                            + " is not declared: " + howToDeclare(declared, column)));
            declared.columns().keySet().stream().filter(column -> !columns.contains(column)).forEach(column ->
                    findings.add("column " + table + "." + column + " is declared in " + declared.source()
                            + " but not in the migrated schema" + made(schema, "last named by", table, column)
                            + ": remove it from tables." + table + ".columns"));
        });
        declaration.tables().values().stream().filter(table -> !schema.columnsByTable().containsKey(table.name()))
                .forEach(table -> findings.add("table " + table.name() + " is declared in " + table.source()
                        + " but not in the migrated schema" + made(schema, "last named by", table.name(), null)
                        + ": remove its declaration"));
        return findings;
    }

    private static String howToDeclare(DeclaredTable table, String column) {
        return table.personal()
                ? "add it to tables." + table.name() + ".columns in " + table.source() + " with its data category ("
                        + List.of(DataCategory.values()) + ", or a list of them), identifier or none"
                : "add it to tables." + table.name() + ".columns in " + table.source()
                        + ", or, if it holds data about a person, declare the table personal: true";
    }

    /** " (created by V7__x.sql)": the latest migration that names the table (and the column), if any does. */
    private static String made(MigratedSchema schema, String how, String table, String column) {
        return latestNaming(schema.migrations(), table, column).map(m -> " (" + how + " " + m.script() + ")")
                .orElse("");
    }

    private static Optional<Migration> latestNaming(List<Migration> migrations, String table, String column) {
        Pattern tableName = word(table);
        Pattern columnName = column == null ? null : word(column);
        for (int i = migrations.size() - 1; i >= 0; i--) {
            String text = migrations.get(i).text();
            if (tableName.matcher(text).find() && (columnName == null || columnName.matcher(text).find())) {
                return Optional.of(migrations.get(i));
            }
        }
        return Optional.empty();
    }

    private static Pattern word(String name) {
        return Pattern.compile("(?<![A-Za-z0-9_])" + Pattern.quote(name) + "(?![A-Za-z0-9_])",
                Pattern.CASE_INSENSITIVE);
    }
}
