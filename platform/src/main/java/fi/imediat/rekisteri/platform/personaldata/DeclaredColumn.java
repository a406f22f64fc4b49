package fi.imediat.rekisteri.platform.personaldata;

import fi.imediat.rekisteri.events.DataCategory;

import java.util.Set;

/**
 * What one column holds: an identifier that finds a person (customer id, token subject, keyed contact hash), values
 * of data categories of the privacy notice, or nothing personal (both false and empty).
 */
public record DeclaredColumn(String name, boolean identifier, Set<DataCategory> categories) {

    public DeclaredColumn {
        categories = Set.copyOf(categories);
    }

    public boolean personal() {
        return identifier || !categories.isEmpty();
    }
}
