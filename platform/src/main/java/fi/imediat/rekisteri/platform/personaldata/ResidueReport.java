package fi.imediat.rekisteri.platform.personaldata;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A service's residue scan of one customer: every table holding personal data with what the customer's id still
 * finds in it, and any other table where the id was found.
 *
 * @param residueFound whether any table holds what its declaration does not allow
 */
public record ResidueReport(String service, UUID customerId, Instant scannedAt, boolean residueFound,
        List<TableResidue> tables) {

    public ResidueReport {
        tables = List.copyOf(tables);
    }

    /** Whether the customer's id finds any row at all: an id this service has never known finds none. */
    public boolean anythingFound() {
        return tables.stream().anyMatch(table -> table.rows() > 0);
    }
}
