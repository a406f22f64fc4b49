package fi.imediat.rekisteri.testsupport.personaldata;

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
 * @param columns in declaration order
 */
public record DeclaredTable(String name, String source, boolean personal, String reason, String foundBy,
        ErasureAction erasure, String basis, String keptFor, List<String> keptColumns, List<String> clearedColumns,
        String note, Map<String, DeclaredColumn> columns) {

    public DeclaredTable {
        keptColumns = List.copyOf(keptColumns);
        clearedColumns = List.copyOf(clearedColumns);
        columns = Collections.unmodifiableMap(new LinkedHashMap<>(columns));
    }

    /** Every category any of its columns carries. */
    public Set<DataCategory> categories() {
        Set<DataCategory> all = EnumSet.noneOf(DataCategory.class);
        columns.values().forEach(column -> all.addAll(column.categories()));
        return all;
    }
}
