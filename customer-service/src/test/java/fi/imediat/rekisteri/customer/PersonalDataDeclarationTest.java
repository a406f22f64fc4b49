package fi.imediat.rekisteri.customer;

import fi.imediat.rekisteri.testsupport.RekisteriTestInfrastructure;
import fi.imediat.rekisteri.testsupport.SchemaOwner;
import fi.imediat.rekisteri.testsupport.personaldata.DeclarationCheck;
import fi.imediat.rekisteri.testsupport.personaldata.MigratedSchema;
import fi.imediat.rekisteri.platform.personaldata.PersonalDataDeclaration;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every table and column of the schema that Flyway migrated at start is declared in db/personal-data.yaml (or
 * platform's db/platform-personal-data.yaml), and every declared one exists (docs/personal-data.md). A migration
 * that adds a column without declaring it fails this test, naming the column and the migration.
 */
@QuarkusTest
@WithTestResource(value = RekisteriTestInfrastructure.class, scope = TestResourceScope.GLOBAL,
        initArgs = {@ResourceArg(name = "database", value = "customer"),
                @ResourceArg(name = "kafka-principal", value = "customer-service")})
class PersonalDataDeclarationTest {

    /** A schema of this test's own beside the service's, thrown away afterwards. */
    private static final String THROWAWAY_SCHEMA = "undeclared_personal_data";
    private static final String UNDECLARED_MIGRATIONS = "db/undeclared-personal-data";

    @Inject
    AgroalDataSource dataSource;

    @Test
    void everyTableAndColumnOfTheMigratedSchemaIsDeclared() throws Exception {
        DeclarationCheck.assertServiceSchemaDeclared(dataSource);
    }

    @Test
    void aMigrationAddingAnUndeclaredPersonalDataColumnFailsNamingItAndTheMigration() throws Exception {
        List<String> locations = new ArrayList<>(flywayLocations());
        locations.add(UNDECLARED_MIGRATIONS);
        String owner = ConfigProvider.getConfig().getValue("quarkus.flyway.username", String.class);
        try (Connection connection = SchemaOwner.connect()) {
            try {
                Flyway.configure()
                        .dataSource(ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url", String.class),
                                owner, ConfigProvider.getConfig().getValue("quarkus.flyway.password", String.class))
                        .schemas(THROWAWAY_SCHEMA).createSchemas(true)
                        .locations(locations.toArray(String[]::new))
                        // The owner is the application role here: nothing to grant (db/platform V0_4).
                        .placeholders(Map.of("application_role", owner))
                        .load().migrate();

                List<String> findings = DeclarationCheck.findings(
                        MigratedSchema.read(connection, THROWAWAY_SCHEMA, locations),
                        PersonalDataDeclaration.ofService());

                assertEquals(1, findings.size(), findings.toString());
                assertTrue(findings.get(0).startsWith("column customer.nickname (added by V11__customer_nickname.sql)"
                        + " is not declared: add it to tables.customer.columns in db/personal-data.yaml"),
                        findings.get(0));
            } finally {
                try (Statement drop = connection.createStatement()) {
                    drop.execute("DROP SCHEMA IF EXISTS " + THROWAWAY_SCHEMA + " CASCADE");
                }
            }
        }
    }

    private static List<String> flywayLocations() {
        return List.of(ConfigProvider.getConfig().getValue("quarkus.flyway.locations", String[].class));
    }
}
