package fi.imediat.rekisteri.platform.personaldata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import fi.imediat.rekisteri.events.DataCategory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A service's declaration of the personal data in its schema: {@code db/personal-data.yaml} beside its migrations,
 * with platform's {@code db/platform-personal-data.yaml} for the tables every service shares. The format and how to
 * declare a new table: docs/personal-data.md. A declaration that contradicts itself (a RETAIN without its basis, a
 * kept column that is not declared, an unknown category) is refused with the file, table and key it is about.
 */
public final class PersonalDataDeclaration {

    /** Where a service's declaration and platform's are on the classpath. */
    public static final String SERVICE = "db/personal-data.yaml";
    public static final String PLATFORM = "db/platform-personal-data.yaml";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final String IDENTIFIER = "identifier";
    private static final String NONE = "none";
    private static final Set<String> NON_PERSONAL_KEYS = Set.of("personal", "reason", "columns");
    private static final Set<String> PERSONAL_KEYS = Set.of("personal", "found-by", "found-through", "erasure",
            "basis", "kept-for", "kept-columns", "cleared-columns", "note", "columns");

    private final Map<String, DeclaredTable> tables;

    private PersonalDataDeclaration(Map<String, DeclaredTable> tables) {
        this.tables = Collections.unmodifiableMap(new TreeMap<>(tables));
    }

    /** The service's declaration with platform's, as the service's tests see them on the classpath. */
    public static PersonalDataDeclaration ofService() {
        return merge(List.of(fromClasspath(PLATFORM), fromClasspath(SERVICE)));
    }

    public static PersonalDataDeclaration fromClasspath(String resource) {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the classpath");
            }
            return parse(resource, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Declarations of one schema from several files; a table declared twice is refused. */
    public static PersonalDataDeclaration merge(List<PersonalDataDeclaration> declarations) {
        Map<String, DeclaredTable> all = new TreeMap<>();
        for (PersonalDataDeclaration declaration : declarations) {
            for (DeclaredTable table : declaration.tables.values()) {
                DeclaredTable earlier = all.putIfAbsent(table.name(), table);
                if (earlier != null) {
                    throw new IllegalArgumentException("table " + table.name() + " is declared in both "
                            + earlier.source() + " and " + table.source());
                }
            }
        }
        all.values().stream().filter(table -> table.foundThrough() != null).forEach(table -> {
            String[] target = table.foundThrough().split("\\.");
            DeclaredTable through = all.get(target[0]);
            if (through == null || !through.personal() || through.foundThrough() != null
                    || !through.columns().containsKey(target[1])) {
                throw new IllegalArgumentException(table.source() + ", table " + table.name() + ": found-through "
                        + "names " + table.foundThrough() + ", which is not a column of a personal table found by "
                        + "the person's own key");
            }
        });
        return new PersonalDataDeclaration(all);
    }

    /** @param source the file's name, for messages */
    public static PersonalDataDeclaration parse(String source, String yaml) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (IOException e) {
            throw new IllegalArgumentException(source + " is not valid YAML: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject() || root.size() != 1 || !root.path("tables").isObject()) {
            throw new IllegalArgumentException(source + " must have one key, tables, a map of table names");
        }
        Map<String, DeclaredTable> tables = new LinkedHashMap<>();
        root.get("tables").fields().forEachRemaining(entry ->
                tables.put(entry.getKey(), new TableReader(source, entry.getKey(), entry.getValue()).read()));
        return new PersonalDataDeclaration(tables);
    }

    /** By table name. */
    public Map<String, DeclaredTable> tables() {
        return tables;
    }

    /** Reads and checks one table's entry; every complaint names the file and the table. */
    private static final class TableReader {

        private final String source;
        private final String table;
        private final JsonNode node;

        TableReader(String source, String table, JsonNode node) {
            this.source = source;
            this.table = table;
            this.node = node;
        }

        DeclaredTable read() {
            if (!node.isObject() || !node.path("personal").isBoolean()) {
                throw invalid("say personal: true or personal: false");
            }
            return node.get("personal").booleanValue() ? personal() : nonPersonal();
        }

        private DeclaredTable nonPersonal() {
            onlyKeys(NON_PERSONAL_KEYS, "a table without personal data has only personal, reason and columns");
            JsonNode names = node.path("columns");
            if (!names.isArray() || names.isEmpty()) {
                throw invalid("columns must list the table's columns");
            }
            Map<String, DeclaredColumn> columns = new LinkedHashMap<>();
            names.forEach(name -> add(columns, new DeclaredColumn(text(name, "columns"), false, Set.of())));
            return new DeclaredTable(table, source, false, required("reason"), null, null, null, null, null, List.of(),
                    List.of(), null, columns);
        }

        private DeclaredTable personal() {
            onlyKeys(PERSONAL_KEYS, "a personal table has " + String.join(", ", new TreeSet<>(PERSONAL_KEYS)));
            JsonNode declared = node.path("columns");
            if (!declared.isObject() || declared.isEmpty()) {
                throw invalid("columns must map each column to a data category, " + IDENTIFIER + " or " + NONE);
            }
            Map<String, DeclaredColumn> columns = new LinkedHashMap<>();
            declared.fields().forEachRemaining(entry -> add(columns, column(entry.getKey(), entry.getValue())));
            if (columns.values().stream().noneMatch(DeclaredColumn::personal)) {
                throw invalid("no column holds personal data: declare it personal: false with a reason");
            }
            String foundBy = required("found-by");
            DeclaredColumn key = columns.get(foundBy);
            if (key == null || !key.personal()) {
                throw invalid("found-by names " + foundBy + ", which is not a declared personal column");
            }
            ErasureAction erasure = erasure();
            List<String> kept = columnList("kept-columns", columns);
            List<String> cleared = columnList("cleared-columns", columns);
            boolean keepsRows = erasure == ErasureAction.RETAIN || erasure == ErasureAction.TOMBSTONE;
            boolean keepsColumns = erasure == ErasureAction.TOMBSTONE || erasure == ErasureAction.ANONYMISE;
            String basis = keepsRows ? required("basis") : absent("basis", erasure);
            String keptFor = keepsRows ? required("kept-for") : absent("kept-for", erasure);
            if (keepsColumns == kept.isEmpty()) {
                throw invalid(keepsColumns ? erasure + " needs kept-columns, the columns that stay"
                        : "kept-columns is for TOMBSTONE and ANONYMISE, not " + erasure);
            }
            if (!cleared.isEmpty() && erasure != ErasureAction.RETAIN) {
                throw invalid("cleared-columns is for RETAIN; " + erasure + " says what stays with kept-columns");
            }
            if (erasure == ErasureAction.ANONYMISE) {
                kept.stream().filter(name -> columns.get(name).personal()).findFirst().ifPresent(name -> {
                    throw invalid("ANONYMISE keeps " + name + ", which is personal: declare a TOMBSTONE instead");
                });
            }
            String note = node.has("note") ? text(node.get("note"), "note") : null;
            String foundThrough = node.has("found-through") ? text(node.get("found-through"), "found-through") : null;
            if (foundThrough != null && !foundThrough.matches("[a-z_][a-z0-9_]*\\.[a-z_][a-z0-9_]*")) {
                throw invalid("found-through must be table.column, the row of a table found by the person's key");
            }
            return new DeclaredTable(table, source, true, null, foundBy, foundThrough, erasure, basis, keptFor, kept,
                    cleared, note, columns);
        }

        private DeclaredColumn column(String name, JsonNode value) {
            if (value.isTextual() && value.textValue().equals(IDENTIFIER)) {
                return new DeclaredColumn(name, true, Set.of());
            }
            if (value.isTextual() && value.textValue().equals(NONE)) {
                return new DeclaredColumn(name, false, Set.of());
            }
            Set<DataCategory> categories = EnumSet.noneOf(DataCategory.class);
            if (value.isArray() && !value.isEmpty()) {
                value.forEach(category -> categories.add(category(name, category)));
            } else {
                categories.add(category(name, value));
            }
            return new DeclaredColumn(name, false, categories);
        }

        private DataCategory category(String column, JsonNode value) {
            try {
                return DataCategory.valueOf(text(value, "columns." + column));
            } catch (IllegalArgumentException e) {
                throw invalid("columns." + column + " must be a data category (" + List.of(DataCategory.values())
                        + "), a list of them, " + IDENTIFIER + " or " + NONE);
            }
        }

        private ErasureAction erasure() {
            try {
                return ErasureAction.valueOf(required("erasure"));
            } catch (IllegalArgumentException e) {
                throw invalid("erasure must be one of " + List.of(ErasureAction.values()));
            }
        }

        private List<String> columnList(String key, Map<String, DeclaredColumn> columns) {
            List<String> names = new ArrayList<>();
            if (node.has(key)) {
                if (!node.get(key).isArray()) {
                    throw invalid(key + " must be a list of column names");
                }
                node.get(key).forEach(name -> names.add(text(name, key)));
            }
            names.stream().filter(name -> !columns.containsKey(name)).findFirst().ifPresent(name -> {
                throw invalid(key + " names " + name + ", which is not a declared column");
            });
            return names;
        }

        private void add(Map<String, DeclaredColumn> columns, DeclaredColumn column) {
            if (columns.put(column.name(), column) != null) {
                throw invalid("column " + column.name() + " is declared twice");
            }
        }

        private void onlyKeys(Set<String> allowed, String rule) {
            for (Iterator<String> keys = node.fieldNames(); keys.hasNext(); ) {
                String key = keys.next();
                if (!allowed.contains(key)) {
                    throw invalid("unknown key " + key + ": " + rule);
                }
            }
        }

        private String required(String key) {
            if (!node.has(key)) {
                throw invalid(key + " is missing");
            }
            return text(node.get(key), key);
        }

        private String absent(String key, ErasureAction erasure) {
            if (node.has(key)) {
                throw invalid(key + " is for what stays (RETAIN, TOMBSTONE), not " + erasure);
            }
            return null;
        }

        private String text(JsonNode value, String key) {
            if (!value.isTextual() || value.textValue().isBlank()) {
                throw invalid(key + " must be a non-empty text");
            }
            return value.textValue();
        }

        private IllegalArgumentException invalid(String problem) {
            return new IllegalArgumentException(source + ", table " + table + ": " + problem);
        }
    }
}
