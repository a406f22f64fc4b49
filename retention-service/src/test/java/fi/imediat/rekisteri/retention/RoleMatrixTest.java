package fi.imediat.rekisteri.retention;

import fi.imediat.rekisteri.testsupport.OpenApiRoleMatrix;
import fi.imediat.rekisteri.testsupport.RekisteriTestInfrastructure;
import fi.imediat.rekisteri.testsupport.Tokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.hasItems;

/** Every operation of the OpenAPI document: 401 without a token, 403 for every role its rule leaves out. */
@QuarkusTest
@WithTestResource(value = RekisteriTestInfrastructure.class, scope = TestResourceScope.GLOBAL,
        initArgs = {@ResourceArg(name = "database", value = "retention"),
                @ResourceArg(name = "kafka-principal", value = "retention-service")})
class RoleMatrixTest {

    @Test
    void everyOperationHasARoleRuleThatHolds() {
        List<String> checked = OpenApiRoleMatrix.verify(Tokens.ofService(), Set.of("/privacy-notice"));
        assertThat(checked, hasItems("GET /holders", "POST /holders", "DELETE /holders/{id}", "GET /propagation/{eventId}", "GET /audit", "POST /erasure-requests", "GET /erasure-requests", "GET /erasure-requests/{id}", "PUT /holders/{id}",
                "GET /erasure-requests/{id}/completion-record", "POST /access-requests", "GET /access-requests/{id}",
                "GET /access-requests/{id}/report", "GET /customers/{customerId}/export",
                "GET /erasure-requests/{id}/residue", "GET /customers/{customerId}/residue"));
        assertThat(checked, hasItems("GET /policies", "GET /policies/history", "PUT /policies/{category}",
                "GET /retention-clocks/{customerId}", "POST /sweeps", "GET /sweeps", "GET /sweeps/{id}",
                "GET /privacy-notice"));
    }
}
