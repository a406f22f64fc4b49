package fi.imediat.rekisteri.customer;

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
        initArgs = {@ResourceArg(name = "database", value = "customer"),
                @ResourceArg(name = "kafka-principal", value = "customer-service")})
class RoleMatrixTest {

    @Test
    void everyOperationHasARoleRuleThatHolds() {
        List<String> checked = OpenApiRoleMatrix.verify(Tokens.ofService(), Set.of());
        assertThat(checked, hasItems("POST /customers", "GET /customers", "GET /customers/{id}",
                "PATCH /customers/{id}", "POST /customers/{id}/closure", "GET /customers/{id}/export",
                "POST /customers/{id}/subscriptions", "GET /customers/{id}/subscriptions",
                "PATCH /customers/{id}/subscriptions/{subscriptionId}", "POST /customers/{id}/service-identifiers",
                "GET /customers/{id}/service-identifiers", "POST /customers/{id}/benefit-uses",
                "GET /customers/{id}/benefit-uses", "POST /customers/{id}/invoices", "GET /customers/{id}/invoices",
                "PATCH /customers/{id}/invoices/{invoiceId}",
                "POST /customers/{id}/analytics-events", "GET /customers/{id}/analytics-events", "POST /imports/vtj", "GET /customers/{id}/targeting-interests", "GET /interest-tags",
                "PUT /interest-tags/{code}", "GET /audit", "POST /customers/contact-details"));
    }
}
