package fi.imediat.rekisteri.retention;

import fi.imediat.rekisteri.testsupport.RekisteriTestInfrastructure;
import fi.imediat.rekisteri.testsupport.Tokens;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
@WithTestResource(value = RekisteriTestInfrastructure.class, scope = TestResourceScope.GLOBAL,
        initArgs = {@ResourceArg(name = "database", value = "retention"),
                @ResourceArg(name = "kafka-principal", value = "retention-service")})
class HolderRegisterTest {

    private static final String HOLDER_SYSTEM = "newsletter-platform";

    @Inject
    AgroalDataSource dataSource;

    private final Tokens tokens = Tokens.ofService();

    @Test
    void theServicesExportUrlsComeFromConfigurationAtStartUp() {
        given().auth().oauth2(tokens.user(Tokens.OFFICER)).when().get("/holders")
                .then().statusCode(200)
                .body("find { it.id == 'retention-service' }.exportUrl",
                        matchesPattern("http://localhost:\\d+/customers/\\{customerId}/export"))
                // Not configured in the module's tests: customer-service answers access requests by event here.
                .body("find { it.id == 'customer-service' }.exportUrl", nullValue());
    }

    @Test
    void aHolderSystemRegistersAndChangesItsOwnEntryOnly() throws SQLException {
        String id = "crm-register-test";
        long auditedBefore = audited("holder.update");
        // Where retention-service sends its token is not the holder system's choice: a privacy officer sets it.
        given().auth().oauth2(tokens.serviceAccount(HOLDER_SYSTEM)).contentType(ContentType.JSON)
                .body(registration(id, "https://crm.example.test/gdpr/{customerId}"))
                .when().post("/holders").then().statusCode(403).contentType("application/problem+json")
                .body("type", endsWith("/export-url-officer-only"));
        assertEquals(0, holders(id));
        given().auth().oauth2(tokens.serviceAccount(HOLDER_SYSTEM)).contentType(ContentType.JSON)
                .body(registration(id, null))
                .when().post("/holders").then().statusCode(201)
                .body("exportUrl", nullValue())
                .body("registeredAt", notNullValue());
        try {
            given().auth().oauth2(tokens.user(Tokens.OFFICER)).contentType(ContentType.JSON)
                    .body(update(List.of("BASIC_DATA"), "PT1H", "https://crm.example.test/gdpr/{customerId}"))
                    .when().put("/holders/{id}", id)
                    .then().statusCode(200)
                    .body("exportUrl", equalTo("https://crm.example.test/gdpr/{customerId}"));
            given().auth().oauth2(tokens.serviceAccount(HOLDER_SYSTEM)).contentType(ContentType.JSON)
                    .body(update(List.of("BASIC_DATA"), "PT1H", "https://crm.example.test/other/{customerId}"))
                    .when().put("/holders/{id}", id)
                    .then().statusCode(403).contentType("application/problem+json");
            // Keeping the URL the officer set is allowed, and so is removing it.
            given().auth().oauth2(tokens.serviceAccount(HOLDER_SYSTEM)).contentType(ContentType.JSON)
                    .body(update(List.of("BASIC_DATA"), "PT1H", "https://crm.example.test/gdpr/{customerId}"))
                    .when().put("/holders/{id}", id)
                    .then().statusCode(200)
                    .body("exportUrl", equalTo("https://crm.example.test/gdpr/{customerId}"));
            given().auth().oauth2(tokens.serviceAccount(HOLDER_SYSTEM)).contentType(ContentType.JSON)
                    .body(update(List.of("BASIC_DATA", "ANALYTICS"), "PT2H", null))
                    .when().put("/holders/{id}", id)
                    .then().statusCode(200)
                    .body("categories", contains("BASIC_DATA", "ANALYTICS"))
                    .body("acknowledgementDeadline", equalTo("PT2H"))
                    .body("exportUrl", nullValue())
                    .body("updatedAt", org.hamcrest.Matchers.notNullValue());
            given().auth().oauth2(tokens.user(Tokens.OFFICER)).when().get("/holders").then().statusCode(200)
                    .body("find { it.id == '" + id + "' }.categories", contains("BASIC_DATA", "ANALYTICS"));
            assertEquals(auditedBefore + 3, audited("holder.update"));

            // A holder system may not change another holder's registration (nor learn whether it exists).
            given().auth().oauth2(tokens.serviceAccount(HOLDER_SYSTEM)).contentType(ContentType.JSON)
                    .body(update(List.of("BASIC_DATA"), "PT1H", null))
                    .when().put("/holders/customer-service")
                    .then().statusCode(404).contentType("application/problem+json");
            given().auth().oauth2(tokens.user(Tokens.OFFICER)).contentType(ContentType.JSON)
                    .body(update(List.of("BASIC_DATA"), "PT1H", null))
                    .when().put("/holders/no-such-holder")
                    .then().statusCode(404).contentType("application/problem+json");
        } finally {
            given().auth().oauth2(tokens.user(Tokens.OFFICER)).when().delete("/holders/{id}", id)
                    .then().statusCode(204);
        }
    }

    @Test
    void anInvalidChangeIsAProblemAndChangesNothing() {
        String id = "archive-validation-test";
        given().auth().oauth2(tokens.user(Tokens.OFFICER)).contentType(ContentType.JSON)
                .body(registration(id, null)).when().post("/holders").then().statusCode(201);
        try {
            for (String url : List.of("ftp://archive.example.test/{customerId}", "https://archive.example.test/x",
                    "https:///{customerId}", "https://not-allowed.example.test/{customerId}")) {
                given().auth().oauth2(tokens.user(Tokens.OFFICER)).contentType(ContentType.JSON)
                        .body(update(List.of("BASIC_DATA"), "PT1H", url))
                        .when().put("/holders/{id}", id)
                        .then().statusCode(422).contentType("application/problem+json")
                        .body("detail", containsString("exportUrl"));
            }
            given().auth().oauth2(tokens.user(Tokens.OFFICER)).contentType(ContentType.JSON)
                    .body(update(List.of("BASIC_DATA"), "PT0S", null))
                    .when().put("/holders/{id}", id)
                    .then().statusCode(422).contentType("application/problem+json")
                    .body("detail", containsString("acknowledgementDeadline"));
            Map<String, Object> noCategories = update(List.of(), "PT1H", null);
            noCategories.remove("description");
            given().auth().oauth2(tokens.user(Tokens.OFFICER)).contentType(ContentType.JSON).body(noCategories)
                    .when().put("/holders/{id}", id)
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("violations.field", hasItem(containsString("categories")))
                    .body("violations.field", hasItem(containsString("description")));
            given().auth().oauth2(tokens.user(Tokens.OFFICER)).contentType(ContentType.JSON)
                    .body(Map.of("description", "x", "categories", List.of("NO_SUCH_CATEGORY"),
                            "acknowledgementRequired", true, "acknowledgementDeadline", "PT1H"))
                    .when().put("/holders/{id}", id)
                    .then().statusCode(400).contentType("application/problem+json");
            given().auth().oauth2(tokens.user(Tokens.OFFICER)).when().get("/holders").then().statusCode(200)
                    .body("find { it.id == '" + id + "' }.categories", contains("BASIC_DATA"))
                    .body("find { it.id == '" + id + "' }.acknowledgementDeadline", equalTo("PT1H"));
        } finally {
            given().auth().oauth2(tokens.user(Tokens.OFFICER)).when().delete("/holders/{id}", id)
                    .then().statusCode(204);
        }
    }

    private static Map<String, Object> registration(String id, String exportUrl) {
        Map<String, Object> body = new HashMap<>(Map.of("id", id, "description", "A system holding customer data",
                "categories", List.of("BASIC_DATA"), "acknowledgementRequired", false,
                "acknowledgementDeadline", "PT1H"));
        body.put("exportUrl", exportUrl);
        return body;
    }

    private static Map<String, Object> update(List<String> categories, String deadline, String exportUrl) {
        Map<String, Object> body = new HashMap<>(Map.of("description", "A system holding customer data",
                "categories", categories, "acknowledgementRequired", false, "acknowledgementDeadline", deadline));
        body.put("exportUrl", exportUrl);
        return body;
    }

    private long holders(String id) throws SQLException {
        return count("SELECT count(*) FROM holder WHERE id = ?", id);
    }

    private long audited(String operation) throws SQLException {
        return count("SELECT count(*) FROM audit_event WHERE operation = ?", operation);
    }

    private long count(String sql, String parameter) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, parameter);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }
}
