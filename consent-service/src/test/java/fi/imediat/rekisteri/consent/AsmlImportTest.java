package fi.imediat.rekisteri.consent;

import fi.imediat.rekisteri.infra.KafkaClients;
import fi.imediat.rekisteri.testsupport.RekisteriTestInfrastructure;
import fi.imediat.rekisteri.testsupport.TestKafka;
import fi.imediat.rekisteri.testsupport.Tokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The ASML register import: layout, rejections, atomic replacement, and matching in eligibility. */
@QuarkusTest
@WithTestResource(value = RekisteriTestInfrastructure.class, scope = TestResourceScope.GLOBAL,
        initArgs = {@ResourceArg(name = "database", value = "consent"),
                @ResourceArg(name = "kafka-principal", value = "consent-service")})
@WithTestResource(value = CustomerServiceStandIn.class, scope = TestResourceScope.GLOBAL)
class AsmlImportTest {

    private static final String HEADER = "last_name;first_names;street;postal_code;city;phone;prohibition\n";

    private final KafkaClients kafka = TestKafka.clients();

    @Inject
    DataSource dataSource;

    private final Tokens tokens = Tokens.ofService();

    @Test
    void aFullImportIsMatchedOnNameAndAddressOrPhoneAndReplacesThePreviousList() throws Exception {
        int n = ThreadLocalRandom.current().nextInt(1000, 9999);
        UUID post = register("Aino Maria", "Asmlinen", "Kieltokatu " + n + " B 12", "00200", "+35840111" + n);
        UUID phone = register("Pekka", "Puhelinen", "Soittotie " + n, "33100", "+35840765" + n);
        UUID both = register("Bertta", "Molempinen", "Tupla-aukio " + n, "90100", "+35850222" + n);
        String postLine = "ASMLINEN;Aino;Kieltokatu " + n + " b 12;00200;HELSINKI;;POST\n";
        String bothLine = "Molempinen;Bertta;Tupla-aukio " + n + ";90100;Oulu;;BOTH\n";
        String csv = HEADER + postLine
                + "Puhelinen;Pekka;;;;040 765 " + n + ";PHONE\n"
                + "a;b;c\n"
                + "\n"
                + bothLine
                + "Virhe;Ville;Katu 1;00100;Helsinki;;NEVER\n"
                + "Virhe;Ville;;;;12;PHONE\n"
                + "Virhe;;;;;;POST\n";

        JsonPath report = importCsv(csv).then().statusCode(200).extract().jsonPath();
        String first = report.getString("importId");
        assertEquals(3, report.getInt("accepted"));
        assertEquals(4, report.getInt("rejectedCount"));
        assertEquals(List.of(4, 7, 8, 9), report.getList("rejected.line"));
        assertEquals("prohibition must be POST, PHONE or BOTH", report.getString("rejected[1].reason"));

        assertEquals(Map.of(post.toString(), "ASML", both.toString(), "ASML", phone.toString(),
                "LEGITIMATE_INTEREST"), outcomes("DIRECT_MARKETING", "POST", List.of(post, phone, both)));
        assertEquals(Map.of(post.toString(), "LEGITIMATE_INTEREST", both.toString(), "ASML", phone.toString(),
                "ASML"), outcomes("DISTANCE_SELLING", "PHONE", List.of(post, phone, both)));
        // The register is about marketing: research calls are not covered.
        assertEquals(Map.of(phone.toString(), "LEGITIMATE_INTEREST"),
                outcomes("RESEARCH", "PHONE", List.of(phone)));
        given().auth().oauth2(tokens.user(Tokens.MARKETER)).contentType(ContentType.JSON)
                .body(Map.of("purpose", "DIRECT_MARKETING", "channel", "POST", "customerIds", List.of(post)))
                .when().post("/eligibility")
                .then().statusCode(200)
                .body("excluded[0].decidedBy.kind", equalTo("ASML_IMPORT"))
                .body("excluded[0].decidedBy.id", equalTo(first));

        String second = importCsv(HEADER + bothLine).then().statusCode(200).body("accepted", equalTo(1))
                .extract().path("importId");
        assertEquals(Map.of(post.toString(), "LEGITIMATE_INTEREST", both.toString(), "ASML"),
                outcomes("DIRECT_MARKETING", "POST", List.of(post, both)));
        assertEquals(List.of(0L), TestDatabase.query(dataSource,
                "SELECT count(*) FROM asml_entry WHERE import_id = ?", UUID.fromString(first),
                rows -> rows.getLong(1)));
        given().auth().oauth2(tokens.user(Tokens.MARKETER)).contentType(ContentType.JSON)
                .body(Map.of("purpose", "DIRECT_MARKETING", "channel", "POST", "customerIds", List.of(both)))
                .when().post("/eligibility")
                .then().statusCode(200).body("excluded[0].decidedBy.id", equalTo(second));
    }

    @Test
    void aLargeFileIsStreamedInBatches() {
        int lines = 20_000;
        StringBuilder csv = new StringBuilder(HEADER);
        for (int i = 0; i < lines; i++) {
            csv.append("Sukunimi").append(i).append(";Etunimi;Katu ").append(i).append(";00").append(i % 1000)
                    .append(";Kaupunki;+35840").append(1_000_000 + i).append(";BOTH\n");
        }
        importCsv(csv.toString()).then().statusCode(200)
                .body("accepted", equalTo(lines)).body("rejectedCount", equalTo(0));
    }

    @Test
    void badFilesAndWrongCallersAreRefusedAndTheListInForceStays() {
        importCsv("name;phone\nx;y\n").then().statusCode(400).contentType("application/problem+json");
        importCsv(HEADER + "a;b\n").then().statusCode(422).contentType("application/problem+json");
        given().auth().oauth2(tokens.user(Tokens.OFFICER)).contentType(ContentType.JSON).body("{}")
                .when().post("/imports/asml").then().statusCode(415).contentType("application/problem+json");
        given().auth().oauth2(tokens.user(Tokens.AGENT)).contentType("text/csv").body(HEADER)
                .when().post("/imports/asml").then().statusCode(403);
        // Marketing reads eligibility; it does not decide whom the prohibition list holds.
        given().auth().oauth2(tokens.user(Tokens.MARKETER)).contentType("text/csv").body(HEADER)
                .when().post("/imports/asml").then().statusCode(403).contentType("application/problem+json");
        given().contentType("text/csv").body(HEADER).when().post("/imports/asml").then().statusCode(401);
    }

    private io.restassured.response.Response importCsv(String csv) {
        return given().auth().oauth2(tokens.user(Tokens.OFFICER)).contentType("text/csv; charset=UTF-8")
                .body(csv.getBytes(StandardCharsets.UTF_8))
                .when().post("/imports/asml");
    }

    private Map<String, String> outcomes(String purpose, String channel, List<UUID> ids) {
        return EligibilityOutcomes.of(tokens, purpose, channel, ids);
    }

    private UUID register(String firstName, String lastName, String street, String postalCode, String phone)
            throws InterruptedException {
        UUID customer = UUID.randomUUID();
        return AnnouncedCustomers.register(kafka, dataSource, CustomerServiceStandIn.customer(customer, firstName,
                lastName, street, postalCode, customer + "@example.invalid", phone));
    }
}
