package fi.imediat.rekisteri.testsupport.personaldata;

import fi.imediat.rekisteri.platform.personaldata.PersonalDataDeclaration;
import fi.imediat.rekisteri.testsupport.personaldata.MigratedSchema.Migration;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The comparison of a schema with its declaration, and the declaration's own rules, on schemas and declarations
 * made up here: no database, no broker, no Quarkus (the services' PersonalDataDeclarationTest runs it on their real
 * migrated schemas).
 */
class DeclarationCheckTest {

    private static final String DECLARATION = """
            tables:
              customer:
                personal: true
                found-by: id
                erasure: TOMBSTONE
                kept-columns: [id, status]
                basis: later events for the id are recognised
                kept-for: indefinitely
                columns:
                  id: identifier
                  status: none
                  first_name: BASIC_DATA
              interest_tag:
                personal: false
                reason: a vocabulary
                columns: [code, label]
            """;

    private static final List<Migration> MIGRATIONS = List.of(
            new Migration("V1__customer.sql", "CREATE TABLE customer (id uuid, status text, first_name text);"),
            new Migration("V2__tags.sql", "CREATE TABLE interest_tag (code text, label text);"),
            new Migration("V3__nickname.sql", "ALTER TABLE customer ADD COLUMN nickname text;"),
            new Migration("V4__notes.sql", "CREATE TABLE customer_note (customer_id uuid, note text);"));

    private final PersonalDataDeclaration declaration = PersonalDataDeclaration.parse("test.yaml", DECLARATION);

    @Test
    void aSchemaAsDeclaredHasNoFindings() {
        MigratedSchema schema = new MigratedSchema(Map.of(
                "customer", List.of("id", "status", "first_name"),
                "interest_tag", List.of("code", "label")), MIGRATIONS);

        assertEquals(List.of(), DeclarationCheck.findings(schema, declaration));
    }

    @Test
    void anUndeclaredColumnIsNamedWithTheMigrationThatAddedIt() {
        MigratedSchema schema = new MigratedSchema(Map.of(
                "customer", List.of("id", "status", "first_name", "nickname"),
                "interest_tag", List.of("code", "label")), MIGRATIONS);

        List<String> findings = DeclarationCheck.findings(schema, declaration);

        assertEquals(1, findings.size(), findings.toString());
        assertTrue(findings.get(0).startsWith("column customer.nickname (added by V3__nickname.sql) is not declared:"
                + " add it to tables.customer.columns in test.yaml with its data category"), findings.get(0));
    }

    @Test
    void anUndeclaredTableIsNamedWithTheMigrationThatCreatedIt() {
        MigratedSchema schema = new MigratedSchema(Map.of(
                "customer", List.of("id", "status", "first_name"),
                "customer_note", List.of("customer_id", "note"),
                "interest_tag", List.of("code", "label")), MIGRATIONS);

        List<String> findings = DeclarationCheck.findings(schema, declaration);

        assertEquals(1, findings.size(), findings.toString());
        assertTrue(findings.get(0).startsWith("table customer_note (created by V4__notes.sql) is not declared"),
                findings.get(0));
    }

    @Test
    void aColumnAddedToATableWithoutPersonalDataSaysToDeclareItOrTheTablePersonal() {
        MigratedSchema schema = new MigratedSchema(Map.of(
                "customer", List.of("id", "status", "first_name"),
                "interest_tag", List.of("code", "label", "owner")), MIGRATIONS);

        List<String> findings = DeclarationCheck.findings(schema, declaration);

        assertEquals(List.of("column interest_tag.owner is not declared: add it to tables.interest_tag.columns in"
                + " test.yaml, or, if it holds data about a person, declare the table personal: true"), findings);
    }

    @Test
    void aDeclaredTableOrColumnThatIsGoneIsAFinding() {
        MigratedSchema schema = new MigratedSchema(Map.of("customer", List.of("id", "status")), MIGRATIONS);

        List<String> findings = DeclarationCheck.findings(schema, declaration);

        assertEquals(List.of(
                "column customer.first_name is declared in test.yaml but not in the migrated schema (last named by"
                        + " V1__customer.sql): remove it from tables.customer.columns",
                "table interest_tag is declared in test.yaml but not in the migrated schema (last named by"
                        + " V2__tags.sql): remove its declaration"), findings);
    }

    @Test
    void assertDeclaredFailsWithEveryFinding() {
        MigratedSchema schema = new MigratedSchema(Map.of(
                "customer", List.of("id", "status", "first_name", "nickname")), MIGRATIONS);

        AssertionError failure = assertThrows(AssertionError.class,
                () -> DeclarationCheck.assertDeclared(schema, declaration));

        assertTrue(failure.getMessage().contains("customer.nickname"), failure.getMessage());
        assertTrue(failure.getMessage().contains("table interest_tag"), failure.getMessage());
    }

    @Test
    void aRetainedTableNeedsItsBasisAndHowLong() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () ->
                PersonalDataDeclaration.parse("test.yaml", """
                        tables:
                          invoice:
                            personal: true
                            found-by: customer_id
                            erasure: RETAIN
                            kept-for: six years
                            columns:
                              customer_id: identifier
                              number: BILLING
                        """));

        assertEquals("test.yaml, table invoice: basis is missing", refused.getMessage());
    }

    @Test
    void aColumnIsACategoryIdentifierOrNone() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () ->
                PersonalDataDeclaration.parse("test.yaml", """
                        tables:
                          customer:
                            personal: true
                            found-by: id
                            erasure: ERASE
                            columns:
                              id: identifier
                              shoe_size: BODY_DATA
                        """));

        assertTrue(refused.getMessage().startsWith("test.yaml, table customer: columns.shoe_size must be a data"
                + " category"), refused.getMessage());
    }

    @Test
    void aTombstoneKeepsOnlyDeclaredColumns() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () ->
                PersonalDataDeclaration.parse("test.yaml", DECLARATION.replace("[id, status]", "[id, state]")));

        assertEquals("test.yaml, table customer: kept-columns names state, which is not a declared column",
                refused.getMessage());
    }

    @Test
    void aTableDeclaredByPlatformAndAServiceIsRefused() {
        PersonalDataDeclaration service = PersonalDataDeclaration.parse("service.yaml", DECLARATION);
        PersonalDataDeclaration platform = PersonalDataDeclaration.parse("platform.yaml", """
                tables:
                  interest_tag:
                    personal: false
                    reason: shared
                    columns: [code]
                """);

        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> PersonalDataDeclaration.merge(List.of(platform, service)));

        assertEquals("table interest_tag is declared in both platform.yaml and service.yaml", refused.getMessage());
    }
}
