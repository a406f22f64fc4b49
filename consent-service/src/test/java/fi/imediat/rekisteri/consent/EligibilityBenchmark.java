package fi.imediat.rekisteri.consent;

import fi.imediat.rekisteri.testsupport.RekisteriTestInfrastructure;
import fi.imediat.rekisteri.testsupport.Tokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import fi.imediat.rekisteri.consent.eligibility.domain.MarketingRule;
import fi.imediat.rekisteri.consent.eligibility.service.Eligibility;
import fi.imediat.rekisteri.events.Channel;
import fi.imediat.rekisteri.events.Purpose;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/**
 * Not part of the build: {@code -Dbenchmark=true -Dtest=EligibilityBenchmark}. Seeds a million customers (with
 * consents, withdrawals and prohibitions) and prints how long the count form takes for all of them and the list
 * form for 100,000. It checks the answers, never the times. Give the test JVM room for a million ids, e.g.
 * {@code -Dtest.jvm.args=-Xmx1500m}.
 */
@QuarkusTest
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
@WithTestResource(value = RekisteriTestInfrastructure.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "database", value = "consent"))
@WithTestResource(value = CustomerServiceStandIn.class, scope = TestResourceScope.GLOBAL)
class EligibilityBenchmark {

    private static final int CUSTOMERS = 1_000_000;

    @Inject
    DataSource dataSource;

    @Inject
    Eligibility eligibility;

    private final Tokens tokens = Tokens.ofService();

    @Test
    void aMillionCustomers() throws SQLException {
        List<UUID> ids = new ArrayList<>(CUSTOMERS);
        try (Connection connection = dataSource.getConnection(); Statement sql = connection.createStatement()) {
            sql.execute("CREATE TEMP TABLE audience AS SELECT gen_random_uuid() AS id FROM generate_series(1, "
                    + CUSTOMERS + ")");
            sql.execute("INSERT INTO customer_relationship (customer_id, status, updated_at) "
                    + "SELECT id, CASE WHEN random() < 0.1 THEN 'CLOSED' ELSE 'ACTIVE' END, now() FROM audience");
            sql.execute("INSERT INTO consent (customer_id, purpose, channel, status, updated_at) "
                    + "SELECT id, 'DIRECT_MARKETING', 'EMAIL', CASE WHEN random() < 0.5 THEN 'GRANTED' "
                    + "ELSE 'WITHDRAWN' END, now() FROM audience TABLESAMPLE BERNOULLI (20)");
            sql.execute("INSERT INTO prohibition (id, customer_id, scope, channels, source, added_at, added_by, "
                    + "added_event_id) SELECT gen_random_uuid(), id, 'ALL_MARKETING', '{}', 'WEB_FORM', now(), "
                    + "'benchmark', gen_random_uuid() FROM audience TABLESAMPLE BERNOULLI (1)");
            sql.execute("ANALYZE customer_relationship; ANALYZE consent; ANALYZE prohibition");
            try (ResultSet rows = sql.executeQuery("SELECT id FROM audience")) {
                while (rows.next()) {
                    ids.add(rows.getObject(1, UUID.class));
                }
            }
        }
        explain(ids);
        byte[] everyone = body(ids);
        byte[] tenth = body(ids.subList(0, 100_000));
        ids.clear();
        for (int round = 0; round < 3; round++) {
            long started = System.nanoTime();
            given().auth().oauth2(tokens.user(Tokens.MARKETER)).contentType(ContentType.JSON).body(everyone)
                    .when().post("/eligibility/count")
                    .then().statusCode(200).body("requested", equalTo(CUSTOMERS));
            System.out.printf("BENCHMARK count of %,d ids: %d ms%n", CUSTOMERS,
                    (System.nanoTime() - started) / 1_000_000);
            started = System.nanoTime();
            given().auth().oauth2(tokens.user(Tokens.MARKETER)).contentType(ContentType.JSON).body(tenth)
                    .when().post("/eligibility")
                    .then().statusCode(200).body("requested", equalTo(100_000));
            System.out.printf("BENCHMARK list of 100,000 ids: %d ms%n", (System.nanoTime() - started) / 1_000_000);
        }
    }

    /** Where the time goes: the array parameter alone, the service's query alone (with its plan), then HTTP. */
    private void explain(List<UUID> ids) throws SQLException {
        MarketingRule rule = new MarketingRule(Purpose.DIRECT_MARKETING, Channel.EMAIL);
        long started = System.nanoTime();
        eligibility.count(rule, ids);
        System.out.printf("BENCHMARK Eligibility.count without HTTP: %d ms%n", (System.nanoTime() - started) / 1_000_000);
        try (Connection connection = dataSource.getConnection();
             PreparedStatement unnest = connection.prepareStatement("SELECT count(*) FROM unnest(CAST(? AS uuid[]))")) {
            started = System.nanoTime();
            unnest.setArray(1, connection.createArrayOf("uuid", ids.toArray()));
            unnest.executeQuery().close();
            System.out.printf("BENCHMARK the id array alone: %d ms%n", (System.nanoTime() - started) / 1_000_000);
        }
    }

    /** The request as bytes, built once: the benchmark measures the service, not the client's serialisation. */
    private static byte[] body(List<UUID> ids) {
        StringBuilder json = new StringBuilder(ids.size() * 39 + 64)
                .append("{\"purpose\":\"DIRECT_MARKETING\",\"channel\":\"EMAIL\",\"customerIds\":[");
        for (int i = 0; i < ids.size(); i++) {
            json.append(i == 0 ? "\"" : ",\"").append(ids.get(i)).append('"');
        }
        return json.append("]}").toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
