package fi.imediat.rekisteri.systemtest;

import fi.imediat.rekisteri.testsupport.Tokens;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Issue 22: after a completed erasure, each service's residue scan ({@code GET /customers/{id}/residue}, driven by
 * its personal-data declaration) must find nothing but what its declaration keeps: no row left in a table declared
 * ERASE, no cleared column still set on a kept row, no table that is not declared.
 */
final class ResidueScans {

    static final List<String> SERVICES = List.of("customer-service", "consent-service", "retention-service");

    private ResidueScans() {
    }

    /** Fails naming every service, table and finding (names and counts only) that the declarations do not allow. */
    static void assertNothingUndeclaredLeft(String customerId) {
        List<String> residues = new ArrayList<>();
        for (String service : SERVICES) {
            Response response = TheSet.as(service, Tokens.OFFICER).when().get("/customers/{id}/residue", customerId);
            if (response.statusCode() == 404) {
                continue;
            }
            if (response.statusCode() != 200) {
                residues.add(service + ": the scan answered " + response.statusCode());
                continue;
            }
            List<Map<String, Object>> tables = JsonPath.from(response.asString()).getList("tables");
            tables.stream().filter(table -> !Boolean.TRUE.equals(table.get("allowed")))
                    .forEach(table -> residues.add(service + "." + table.get("table") + ": " + table.get("finding")));
        }
        if (!residues.isEmpty()) {
            throw new AssertionError("The erasure of " + customerId + " left behind what no declaration keeps:\n- "
                    + String.join("\n- ", residues));
        }
    }
}
