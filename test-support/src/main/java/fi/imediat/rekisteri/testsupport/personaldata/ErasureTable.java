package fi.imediat.rekisteri.testsupport.personaldata;

import fi.imediat.rekisteri.events.DataCategory;
import fi.imediat.rekisteri.platform.personaldata.DeclaredTable;
import fi.imediat.rekisteri.platform.personaldata.PersonalDataDeclaration;

import java.util.Map;
import java.util.stream.Collectors;

/**
 * The README's table of what an erasure does to each table holding personal data, written from the declarations,
 * so that the README says what the declarations (and through their check, the schemas) say.
 */
public final class ErasureTable {

    private ErasureTable() {
    }

    /** @param declarations by holder, in the order of the table ("every service" for platform's tables) */
    public static String markdown(Map<String, PersonalDataDeclaration> declarations) {
        StringBuilder table = new StringBuilder("""
                | service | table | categories | on erasure | why kept | how long |
                |---|---|---|---|---|---|
                """);
        declarations.forEach((holder, declaration) -> declaration.tables().values().stream()
                .filter(DeclaredTable::personal)
                .forEach(t -> table.append("| ").append(holder)
                        .append(" | `").append(t.name()).append('`')
                        .append(" | ").append(categories(t))
                        .append(" | ").append(cell(erasure(t)))
                        .append(" | ").append(cell(sentence(t.basis())))
                        .append(" | ").append(cell(sentence(t.keptFor())))
                        .append(" |\n")));
        return table.toString();
    }

    private static String categories(DeclaredTable table) {
        return table.categories().isEmpty() ? "identifiers only"
                : table.categories().stream().sorted().map(DataCategory::name).map(c -> "`" + c + "`")
                        .collect(Collectors.joining(", "));
    }

    private static String erasure(DeclaredTable table) {
        String columns;
        switch (table.erasure()) {
            case TOMBSTONE:
            case ANONYMISE:
                columns = ": keeps " + String.join(", ", table.keptColumns());
                break;
            case RETAIN:
                columns = table.clearedColumns().isEmpty() ? ""
                        : ": clears " + String.join(", ", table.clearedColumns());
                break;
            default:
                columns = "";
        }
        return "`" + table.erasure() + "`" + columns + (table.note() == null ? "" : ". " + sentence(table.note()));
    }

    private static String sentence(String text) {
        return text == null ? "" : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    private static String cell(String text) {
        return text.replace("|", "\\|");
    }
}
