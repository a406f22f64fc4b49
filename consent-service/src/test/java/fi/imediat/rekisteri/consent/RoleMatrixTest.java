package fi.imediat.rekisteri.consent;

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
        initArgs = {@ResourceArg(name = "database", value = "consent"),
                @ResourceArg(name = "kafka-principal", value = "consent-service")})
@WithTestResource(value = CustomerServiceStandIn.class, scope = TestResourceScope.GLOBAL)
class RoleMatrixTest {

    @Test
    void everyOperationHasARoleRuleThatHolds() {
        List<String> checked = OpenApiRoleMatrix.verify(Tokens.ofService(), Set.of());
        assertThat(checked, hasItems("GET /customers/{customerId}/consents", "PUT /customers/{customerId}/consents/{purpose}/{channel}", "GET /customers/{customerId}/consents/history",
                "POST /customers/{customerId}/prohibitions", "GET /customers/{customerId}/prohibitions",
                "POST /customers/{customerId}/prohibitions/{prohibitionId}/lift", "GET /audit",
                "POST /consent-texts", "GET /consent-texts", "GET /consent-texts/{purpose}/{language}/{version}",
                "POST /eligibility", "POST /eligibility/count", "GET /eligibility/count", "POST /imports/asml",
                "GET /customers/{customerId}/export"));
    }
}
