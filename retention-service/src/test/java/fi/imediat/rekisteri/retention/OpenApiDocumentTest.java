package fi.imediat.rekisteri.retention;

import fi.imediat.rekisteri.testsupport.RekisteriTestInfrastructure;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

@QuarkusTest
@WithTestResource(value = RekisteriTestInfrastructure.class, scope = TestResourceScope.GLOBAL,
        initArgs = {@ResourceArg(name = "database", value = "retention"),
                @ResourceArg(name = "kafka-principal", value = "retention-service")})
class OpenApiDocumentTest {

    /** A holder's per-category outcomes are documented as what they are, not as Jackson's tree node. */
    @Test
    void holderOutcomesAreDocumentedAsCategoryOutcomes() {
        String document = given().queryParam("format", "json").when().get("/q/openapi")
                .then().statusCode(200).extract().asString();
        assertFalse(document.contains("\"nodeType\""), "a JsonNode's internals are in the OpenAPI document");
        JsonPath json = JsonPath.from(document);
        Map<String, Map<String, Object>> schemas = json.getMap("components.schemas");
        List<String> withOutcomes = schemas.entrySet().stream()
                .filter(schema -> schema.getValue().get("properties") instanceof Map<?, ?> properties
                        && properties.containsKey("outcomes"))
                .map(Map.Entry::getKey).sorted().toList();
        assertEquals(3, withOutcomes.size(), "schemas with outcomes: " + withOutcomes);
        for (String schema : withOutcomes) {
            assertEquals("array", json.getString("components.schemas." + schema + ".properties.outcomes.type"),
                    schema);
            assertEquals("#/components/schemas/CategoryOutcome",
                    json.getString("components.schemas." + schema + ".properties.outcomes.items.$ref"), schema);
        }
        assertEquals(List.of("category", "legalBasis", "outcome", "retainedUntil"),
                json.getMap("components.schemas.CategoryOutcome.properties").keySet().stream().sorted().toList());
    }
}
