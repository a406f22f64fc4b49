package fi.imediat.rekisteri.platform.personaldata;

import fi.imediat.rekisteri.events.DataCategory;

import java.util.List;

/**
 * What one table still holds about a customer after an erasure, as counts and names only: how many rows the
 * customer's id still finds, by which columns, and what the declaration says an erasure does to the table.
 *
 * @param categories the data categories the table's columns carry (empty for a table of identifiers only)
 * @param searchedBy the columns searched for the customer's id
 * @param rows rows the customer's id finds
 * @param erasure the declared treatment; null for a table declared to hold no personal data, or not declared
 * @param basis why kept rows are kept (RETAIN, TOMBSTONE)
 * @param keptFor how long, and what deletes them then
 * @param keptColumns the columns a TOMBSTONE or ANONYMISE keeps
 * @param allowed whether what is left is what the declaration allows
 * @param finding why it is not allowed (a table and column names, never a value); null when allowed
 */
public record TableResidue(String table, List<DataCategory> categories, List<String> searchedBy, long rows,
        ErasureAction erasure, String basis, String keptFor, List<String> keptColumns, boolean allowed,
        String finding) {

    public TableResidue {
        categories = List.copyOf(categories);
        searchedBy = List.copyOf(searchedBy);
        keptColumns = List.copyOf(keptColumns);
    }
}
