package fi.imediat.rekisteri.platform.personaldata;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the residue scan reads from a declaration besides the build's check: a table found through another table's
 * row, and the columns an erasure clears on the rows it keeps. No infrastructure.
 */
class FoundThroughTest {

    private static final String REQUESTS = """
            tables:
              request:
                personal: true
                found-by: customer_id
                erasure: TOMBSTONE
                kept-columns: [id, customer_id]
                basis: the record that the request was answered
                kept-for: indefinitely
                columns:
                  id: none
                  customer_id: identifier
                  report: [BASIC_DATA, BILLING]
            """;

    @Test
    void aPartIsFoundThroughItsRequest() {
        PersonalDataDeclaration declaration = PersonalDataDeclaration.merge(List.of(
                PersonalDataDeclaration.parse("requests.yaml", REQUESTS), part("request.id")));
        assertEquals("request.id", declaration.tables().get("request_part").foundThrough());
        assertEquals(List.of("part"), declaration.tables().get("request_part").clearedOnKeptRows());
        assertEquals(List.of("report"), declaration.tables().get("request").clearedOnKeptRows());
    }

    @Test
    void foundThroughMustNameAColumnOfAPersonalTable() {
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> PersonalDataDeclaration.merge(List.of(
                        PersonalDataDeclaration.parse("requests.yaml", REQUESTS), part("request.number"))));
        assertTrue(missing.getMessage().contains("found-through names request.number"), missing.getMessage());
        IllegalArgumentException malformed = assertThrows(IllegalArgumentException.class, () -> part("request"));
        assertTrue(malformed.getMessage().contains("found-through must be table.column"), malformed.getMessage());
    }

    private static PersonalDataDeclaration part(String foundThrough) {
        return PersonalDataDeclaration.parse("parts.yaml", """
                tables:
                  request_part:
                    personal: true
                    found-by: request_id
                    found-through: %s
                    erasure: TOMBSTONE
                    kept-columns: [request_id]
                    basis: who answered
                    kept-for: indefinitely
                    columns:
                      request_id: identifier
                      part: [BASIC_DATA]
                """.formatted(foundThrough));
    }
}
