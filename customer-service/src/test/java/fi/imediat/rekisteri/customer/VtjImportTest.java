package fi.imediat.rekisteri.customer;

import fi.imediat.rekisteri.testsupport.RekisteriTestInfrastructure;
import fi.imediat.rekisteri.testsupport.Tokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

/** A generated VTJ update file of 100,000 lines, imported in one request. */
@QuarkusTest
@WithTestResource(value = RekisteriTestInfrastructure.class, scope = TestResourceScope.GLOBAL,
        initArgs = {@ResourceArg(name = "database", value = "customer"),
                @ResourceArg(name = "kafka-principal", value = "customer-service")})
class VtjImportTest {

    private static final String HEADER =
            "last_name;first_names;birth_date;old_street;old_postal_code;new_street;new_postal_code;new_city;deceased;deceased_on";
    private static final int LINES = 100_000;

    private final Tokens tokens = Tokens.ofService();

    @Test
    void aHundredThousandLinesImportInOneRequest() {
        String lastName = "Vtj" + UUID.randomUUID().toString().replaceAll("[^a-f]", "");
        String moved = register(lastName, "Aino", "1950-02-03", "Vanhakatu 1", "00100");
        String deceased = register(lastName, "Eino", "1940-04-05", "Kuolinkuja 2", "33100");

        StringBuilder file = new StringBuilder(HEADER).append('\n');
        file.append(lastName).append(";Aino Maria;1950-02-03;VANHAKATU 1;00100;Uusikatu 5 A;00500;Helsinki;0;\n");
        file.append(lastName).append(";Eino;1940-04-05;Kuolinkuja 2;33100;;;;1;2026-01-01\n");
        file.append("only;three;fields\n");
        file.append(lastName).append(";Aino;not-a-date;Vanhakatu 1;00100;;;;0;\n");
        LocalDate day = LocalDate.of(1930, 1, 1);
        for (int i = 4; i < LINES; i++) {
            file.append("Henkilo").append(i % 997).append(";Testi;").append(day.plusDays(i % 20000))
                    .append(";Katu ").append(i).append(";00").append(100 + i % 800).append(";;;;0;\n");
        }

        given().auth().oauth2(tokens.user(Tokens.AGENT)).contentType("text/csv; charset=UTF-8")
                .body(file.toString().getBytes(StandardCharsets.UTF_8))
                .when().post("/imports/vtj")
                .then().statusCode(200)
                .body("matched", equalTo(2))
                .body("updated", equalTo(1))
                .body("closed", equalTo(1))
                .body("unmatched", equalTo(LINES - 4))
                .body("rejectedCount", equalTo(2))
                .body("rejected.line", contains(4, 5))
                .body(not(containsString(lastName)));

        given().auth().oauth2(tokens.user(Tokens.AGENT)).when().get("/customers/{id}", moved)
                .then().statusCode(200)
                .body("addresses[0].street", equalTo("Uusikatu 5 A"))
                .body("addresses[0].postalCode", equalTo("00500"))
                .body("addresses[0].source", equalTo("VTJ"))
                .body("status", equalTo("ACTIVE"));
        given().auth().oauth2(tokens.user(Tokens.AGENT)).when().get("/customers/{id}", deceased)
                .then().statusCode(200)
                .body("status", equalTo("CLOSED"))
                .body("closureReason", equalTo("RELATIONSHIP_ENDED"))
                .body("deceasedOn", equalTo("2026-01-01"))
                .body("relationshipEndedOn", equalTo("2026-01-01"));
    }

    @Test
    void aFileWithoutTheHeaderIsRejectedWhole() {
        given().auth().oauth2(tokens.user(Tokens.OFFICER)).contentType("text/csv")
                .body("a;b;c\n").when().post("/imports/vtj")
                .then().statusCode(200).body("matched", equalTo(0)).body("rejected.line", contains(1));
        given().auth().oauth2(tokens.user(Tokens.MARKETER)).contentType("text/csv")
                .body(HEADER + "\n").when().post("/imports/vtj").then().statusCode(403);
    }

    private String register(String lastName, String firstName, String birthDate, String street, String postalCode) {
        return given().auth().oauth2(tokens.user(Tokens.AGENT)).contentType(ContentType.JSON)
                .body(Map.of("firstName", firstName, "lastName", lastName, "birthDate", birthDate,
                        "addresses", List.of(Map.of("street", street, "postalCode", postalCode, "city", "Tampere"))))
                .when().post("/customers").then().statusCode(201).extract().path("id");
    }
}
