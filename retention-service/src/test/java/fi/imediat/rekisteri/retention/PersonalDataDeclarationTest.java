package fi.imediat.rekisteri.retention;

import fi.imediat.rekisteri.testsupport.RekisteriTestInfrastructure;
import fi.imediat.rekisteri.testsupport.personaldata.DeclarationCheck;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;


/**
 * Every table and column of the schema that Flyway migrated at start is declared in db/personal-data.yaml (or
 * platform's db/platform-personal-data.yaml), and every declared one exists (docs/personal-data.md).
 */
@QuarkusTest
@WithTestResource(value = RekisteriTestInfrastructure.class, scope = TestResourceScope.GLOBAL,
        initArgs = {@ResourceArg(name = "database", value = "retention"),
                @ResourceArg(name = "kafka-principal", value = "retention-service")})
class PersonalDataDeclarationTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void everyTableAndColumnOfTheMigratedSchemaIsDeclared() throws Exception {
        DeclarationCheck.assertServiceSchemaDeclared(dataSource);
    }
}
