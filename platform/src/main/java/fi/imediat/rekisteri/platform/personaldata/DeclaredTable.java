package fi.imediat.rekisteri.platform.personaldata;

import fi.imediat.rekisteri.events.DataCategory;

import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One table's declaration. A table without personal data has only its columns and the {@code reason} it holds none;
 * a personal one says by which column the person is found and what an erasure does ({@code basis} and
 * {@code keptFor} for what stays, the columns kept by a tombstone or anonymisation, the columns cleared on a retained
 * row).
 *
 * @param source the declaration file, for messages
 * @param foundThrough where {@code foundBy} holds the key of another table's row rather than the person's own key
 *         (a part of an access request, found through the request's customer id): that table and column,
 *         {@code table.column}; null otherwise
 * @param columns in declaration order
 */
public record DeclaredTable(String name, String source, boolean personal, String reason, String foundBy,
        String foundThrough, ErasureAction erasure, String basis, String keptFor, List<String> keptColumns,
        List<String> clearedColumns, String note, Map<String, DeclaredColumn> columns) {

    public DeclaredTable {
        keptColumns = List.copyOf(keptColumns);
        clearedColumns = List.copyOf(clearedColumns);
        columns = Collections.unmodifiableMap(new LinkedHashMap<>(columns));
    }

    /** The columns the erasure clears on the rows it keeps: a tombstone's personal columns it does not keep. */
    public List<String> clearedOnKeptRows() {
        if (erasure == ErasureAction.RETAIN) {
            return clearedColumns;
        }
        if (erasure == ErasureAction.TOMBSTONE || erasure == ErasureAction.ANONYMISE) {
            return columns.values().stream().filter(DeclaredColumn::personal).map(DeclaredColumn::name)
                    .filter(column -> !keptColumns.contains(column)).toList();
        }
        return List.of();
    }

    /** Every category any of its columns carries. */
    public Set<DataCategory> categories() {
        Set<DataCategory> all = EnumSet.noneOf(DataCategory.class);
        columns.values().forEach(column -> all.addAll(column.categories()));
        return all;
    }
}
