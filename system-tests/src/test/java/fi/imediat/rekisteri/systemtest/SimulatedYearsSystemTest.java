package fi.imediat.rekisteri.systemtest;

import fi.imediat.rekisteri.testsupport.TestPersonalData;
import fi.imediat.rekisteri.testsupport.Tokens;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.Month;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Issue 21, time: years of the privacy notice's retention promises, lived through in minutes. A small population is
 * made on day T0 (registers, subscribes with a planned end, is invoiced, consents, objects, closes, dies, asks for
 * access and erasure); then the clocks of all three services ({@code POST /time/advance}, rekisteri.time.movable on
 * the test set) move forward day by day around every date a rule names, the scheduled jobs run at each step and the
 * nightly sweep is started, and every fact of the README's retention table is checked against the databases and the
 * REST interfaces: present on the day before its date, gone (or changed) on it. So nothing is erased a day early and
 * nothing is kept a day late: subscriptions end on their date, the relationship clock runs from the end (or the
 * death), analytics go after 26 months, access reports after 30 days, inbox rows after 35 days, the customer's data
 * three years after the relationship, consent proofs three years after the erasure and invoices at the end of the
 * sixth year after their accounting year. At every step each erased customer's residue scan (issue 22) finds only
 * what the declarations keep.
 *
 * <p>Clocks only move forward, so this runs after every other system test that uses the set (only the log scan,
 * which reads logs, comes later). Other tests' customers are swept too on the way; only this test's are checked.
 */
@Order(90)
class SimulatedYearsSystemTest {

    private static final ZoneId HELSINKI = ZoneId.of("Europe/Helsinki");
    /** The population is made at noon of T0; every step is the evening of its day, after any of T0's instants. */
    private static final LocalTime POPULATION_TIME = LocalTime.NOON;
    private static final LocalTime STEP_TIME = LocalTime.of(18, 0);
    /**
     * Two of the jobs' intervals on the test set (0.5 s) and then some: after it, every job has started at least once
     * after the clocks moved, so it has looked at the new day.
     */
    private static final Duration JOBS_SEE_THE_DAY = Duration.ofMillis(1200);
    private static final Duration SETTLE = Duration.ofSeconds(90);
    private static final List<String> DATABASES = List.of("customer", "consent", "retention");

    /** A fact of the retention table: its expected value on a day, and how to read it now. */
    private record Fact(String what, TreeMap<LocalDate, Object> valueFrom, Callable<Object> actual) {

        Object expectedOn(LocalDate day) {
            return valueFrom.floorEntry(day).getValue();
        }
    }

    private final List<Fact> facts = new ArrayList<>();
    /** Days a fact changes on: each is visited, and so is the day before it. */
    private final TreeSet<LocalDate> edges = new TreeSet<>();
    private final Map<LocalDate, Runnable> actions = new TreeMap<>();

    @Test
    void everyRetentionPromiseIsKeptToTheDayOverSevenYears() throws Exception {
        long started = System.nanoTime();
        LocalDate t0 = moveAllClocksTo(LocalDate.now(HELSINKI).plusDays(1).atTime(POPULATION_TIME));
        String family = "Simulaatio" + UUID.randomUUID().toString().replaceAll("[^a-f]", "");

        // Pia subscribes for thirty days, is invoiced and consents: her service ends on its date, which ends the
        // relationship; three years later she is erased, her invoices kept to the end of the sixth year after their
        // accounting year and her consent's proof three years after the erasure.
        String pia = register(family, "Pia", "pia");
        LocalDate piaEnds = t0.plusDays(30);
        subscribe(pia, t0, piaEnds);
        invoice(pia, t0);
        consent(pia);
        LocalDate piaErased = piaEnds.plusYears(3);
        LocalDate invoicesGone = LocalDate.of(t0.getYear() + 7, Month.JANUARY, 1);
        LocalDate piaProofsGone = piaErased.plusYears(3).plusDays(1);
        expect("Pia's service", () -> subscriptionStates(pia), "ACTIVE", piaEnds, "ENDED", piaErased, "none");
        expect("Pia's account", () -> status(pia), "ACTIVE", piaEnds, "CLOSED", piaErased, "ERASED");
        expect("Pia's relationship clock", () -> relationshipClock(pia),
                "none", piaEnds, "ENDED due " + piaErased, piaErased, "ERASED");
        expect("Pia's invoices", () -> count("customer", "SELECT count(*) FROM invoice WHERE customer_id = ?", pia),
                1, invoicesGone, 0);
        expect("Pia's restricted invoices", () -> count("customer",
                        "SELECT count(*) FROM invoice WHERE customer_id = ? AND restricted_at IS NOT NULL", pia),
                0, piaErased, 1, invoicesGone, 0);
        expect("Pia's consent proofs", () -> consentProofs(pia), 1, piaProofsGone, 0);
        expect("Pia's follow-up clocks", () -> followUps(pia), "none",
                piaErased, "BILLING due " + invoicesGone + " (Kirjanpitolaki) open, MARKETING_PERMISSIONS due "
                        + piaProofsGone + " (GDPR) open",
                invoicesGone, "BILLING due " + invoicesGone + " (Kirjanpitolaki) swept, MARKETING_PERMISSIONS due "
                        + piaProofsGone + " (GDPR) open",
                piaProofsGone, "BILLING due " + invoicesGone + " (Kirjanpitolaki) swept, MARKETING_PERMISSIONS due "
                        + piaProofsGone + " (GDPR) swept");

        // Eino's death ten days before T0 comes from VTJ: his relationship ended that day, and so runs his clock.
        String eino = registerWithAddress(family, "Eino");
        LocalDate died = t0.minusDays(10);
        importDeath(family, "Eino", died);
        LocalDate einoErased = died.plusYears(3);
        expect("Eino's account", () -> status(eino), "CLOSED", einoErased, "ERASED");
        expect("Eino's day of death", () -> deceasedOn(eino), died.toString(), einoErased, "none");
        expect("Eino's relationship clock", () -> relationshipClock(eino),
                "ENDED due " + einoErased, einoErased, "none");

        // Olli objects to all marketing and closes his account: erased three years later, the objection's proof
        // kept three years more.
        String olli = register(family, "Olli", "olli");
        object(olli);
        close(olli);
        LocalDate olliErased = t0.plusYears(3);
        LocalDate olliProofsGone = olliErased.plusYears(3).plusDays(1);
        expect("Olli's account", () -> status(olli), "CLOSED", olliErased, "ERASED");
        expect("Olli's objection proofs", () -> objectionProofs(olli), 1, olliProofsGone, 0);

        // Riku closes too, but comes back after a year: his clock stops and nothing of his is erased.
        String riku = register(family, "Riku", "riku");
        close(riku);
        LocalDate rikuReturns = t0.plusYears(1);
        actions.put(rikuReturns, () -> subscribe(riku, rikuReturns, null));
        expect("Riku's account", () -> status(riku), "CLOSED", rikuReturns, "ACTIVE");
        expect("Riku's relationship clock", () -> relationshipClock(riku),
                "ENDED due " + t0.plusYears(3), rikuReturns, "REOPENED");
        edges.add(t0.plusYears(3));

        // Aino stays a customer: her usage analytics go after 26 months, she and her service stay.
        String aino = register(family, "Aino", "aino");
        subscribe(aino, t0, null);
        analyticsEvent(aino, t0.atTime(POPULATION_TIME.minusHours(1)).atZone(HELSINKI).toInstant());
        expect("Aino's account", () -> status(aino), "ACTIVE");
        expect("Aino's service", () -> subscriptionStates(aino), "ACTIVE");
        expect("Aino's analytics", () -> count("customer",
                "SELECT count(*) FROM analytics_event WHERE customer_id = ?", aino), 1, t0.plusMonths(26), 0);

        // Eeva consents and then asks to be erased at once: the proof of her consent is kept three years.
        String eeva = register(family, "Eeva", "eeva");
        consent(eeva);
        String eevaErasure = requestErasure(eeva);
        LocalDate eevaProofsGone = t0.plusYears(3).plusDays(1);
        expect("Eeva's account", () -> status(eeva), "ERASED");
        expect("Eeva's consent proofs", () -> consentProofs(eeva), 1, eevaProofsGone, 0);
        expect("Eeva's follow-up clocks", () -> followUps(eeva),
                "MARKETING_PERMISSIONS due " + eevaProofsGone + " (GDPR) open",
                eevaProofsGone, "MARKETING_PERMISSIONS due " + eevaProofsGone + " (GDPR) swept");

        // Aku asks for his data: the report is there for 30 days.
        String aku = register(family, "Aku", "aku");
        String access = requestAccess(aku);
        expect("Aku's access report", () -> reportStatus(access), 200, t0.plusDays(30), 410);

        // What every service's inbox applied on T0 is remembered for 35 days, as long as a redelivery can come.
        Instant t0Start = t0.atStartOfDay(HELSINKI).toInstant();
        expect("events applied on T0 in the inboxes", () -> inboxRowsOf(t0Start), "kept", t0.plusDays(35), "gone");

        List<String> population = List.of(pia, eino, olli, riku, aino, eeva, aku);
        awaitRequestsDone(population);
        // What Eeva is told is kept, why and until when: the day her proofs are still there, the last one.
        TheSet.as("retention-service", Tokens.OFFICER).when()
                .get("/erasure-requests/{id}/completion-record", eevaErasure).then().statusCode(200)
                .body("onTime", equalTo(true))
                .body("retained.category", contains("MARKETING_PERMISSIONS"))
                .body("retained[0].holder", equalTo("consent-service"))
                .body("retained[0].legalBasis", startsWith("GDPR"))
                .body("retained[0].retainedUntil", equalTo(eevaProofsGone.minusDays(1).toString()));
        long simulating = System.nanoTime();
        List<LocalDate> steps = steps(t0);
        for (LocalDate day : steps) {
            long moved = System.nanoTime();
            moveAllClocksTo(day.atTime(STEP_TIME));
            Runnable action = actions.get(day);
            if (action != null) {
                action.run();
            }
            sweep();
            awaitRequestsDone(population);
            // A fact still present must have been looked at by its job on this day: one that went a day early
            // would otherwise be found gone only on its edge, and pass.
            Thread.sleep(Math.max(0, JOBS_SEE_THE_DAY.toMillis() - (System.nanoTime() - moved) / 1_000_000));
            soon().untilAsserted(() -> assertFactsOn(day, t0));
            assertNoInboxRowOutlivesItsWindow(day.atTime(STEP_TIME).atZone(HELSINKI).toInstant());
            // Issue 22: whatever an erasure and the follow-ups since have left is only what the declarations keep.
            for (String customer : population) {
                if (status(customer).equals("ERASED")) {
                    ResidueScans.assertNothingUndeclaredLeft(customer);
                }
            }
        }
        System.out.printf("Simulated years: T0 %s to %s in %d steps, %d facts checked at each; the population"
                        + " took %d s, the steps %d s%n", t0, steps.get(steps.size() - 1), steps.size(), facts.size(),
                Duration.ofNanos(simulating - started).toSeconds(),
                Duration.ofNanos(System.nanoTime() - simulating).toSeconds());
    }

    /** Polled at once and often: a step's work takes a second or two, and there are a score of steps. */
    private static ConditionFactory soon() {
        return await().atMost(SETTLE).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(100));
    }

    // ---- The expectations ----

    /** {@code first}, then from each date the value after it: value, date, value, date, value ... */
    private void expect(String what, Callable<Object> actual, Object first, Object... changes) {
        TreeMap<LocalDate, Object> valueFrom = new TreeMap<>();
        valueFrom.put(LocalDate.MIN, first);
        for (int i = 0; i < changes.length; i += 2) {
            LocalDate on = (LocalDate) changes[i];
            valueFrom.put(on, changes[i + 1]);
            edges.add(on);
        }
        facts.add(new Fact(what, valueFrom, actual));
    }

    /** Every edge and the day before it, and every action's day, after T0. */
    private List<LocalDate> steps(LocalDate t0) {
        TreeSet<LocalDate> days = new TreeSet<>(actions.keySet());
        for (LocalDate edge : edges) {
            days.add(edge.minusDays(1));
            days.add(edge);
        }
        return List.copyOf(days.tailSet(t0, false));
    }

    private void assertFactsOn(LocalDate day, LocalDate t0) throws Exception {
        List<String> broken = new ArrayList<>();
        for (Fact fact : facts) {
            String expected = String.valueOf(fact.expectedOn(day));
            String actual = String.valueOf(fact.actual().call());
            if (!expected.equals(actual)) {
                broken.add(fact.what() + ": expected " + expected + ", found " + actual);
            }
        }
        if (!broken.isEmpty()) {
            throw new AssertionError("On " + day + " (T0 " + t0 + " + " + Duration.between(t0.atStartOfDay(),
                    day.atStartOfDay()).toDays() + " days):\n- " + String.join("\n- ", broken));
        }
    }

    // ---- Time ----

    /** Moves every service's clock to {@code moment} in Helsinki (forward only); returns its day. */
    private static LocalDate moveAllClocksTo(LocalDateTime moment) {
        Instant target = moment.atZone(HELSINKI).toInstant();
        for (String service : ResidueScans.SERVICES) {
            Instant now = Instant.parse(asService(service).when().get("/time")
                    .then().statusCode(200).extract().path("now"));
            Duration by = Duration.between(now, target);
            if (!by.isNegative()) {
                asService(service).body(Map.of("by", by.toString())).when().post("/time/advance")
                        .then().statusCode(200);
            }
        }
        return moment.toLocalDate();
    }

    private static RequestSpecification asService(String service) {
        return given().baseUri(TheSet.stack().service(service).baseUrl())
                .auth().oauth2(TheSet.tokens().serviceAccount("customer-service")).contentType(ContentType.JSON);
    }

    /** The nightly sweep, started as the privacy officer would, followed to its end. */
    private static void sweep() {
        String id = TheSet.as("retention-service", Tokens.OFFICER)
                .when().post("/sweeps").then().statusCode(202).extract().path("id");
        soon().until(() -> {
            String status = TheSet.as("retention-service", Tokens.OFFICER).when().get("/sweeps/{id}", id)
                    .then().statusCode(200).extract().path("status");
            if ("SKIPPED".equals(status) || "FAILED".equals(status)) {
                throw new AssertionError("The sweep " + id + " was " + status);
            }
            return "COMPLETED".equals(status);
        });
    }

    /** Every erasure request of these customers (the sweep's, the data subject's) has been answered by every holder. */
    private static void awaitRequestsDone(List<String> customers) {
        List<UUID> ids = customers.stream().map(UUID::fromString).toList();
        soon().until(() -> TheSet.count("retention",
                "SELECT count(*) FROM erasure_request WHERE customer_id = ANY (?) AND status = 'OPEN'", ids) == 0);
    }

    // ---- The population ----

    private static String register(String family, String firstName, String emailLocalPart) {
        return TheSet.as("customer-service", Tokens.AGENT)
                .body(Map.of("firstName", firstName, "lastName", family,
                        "email", TestPersonalData.email(emailLocalPart + "." + family.toLowerCase(Locale.ROOT))))
                .when().post("/customers").then().statusCode(201).extract().path("id");
    }

    private static String registerWithAddress(String family, String firstName) {
        return TheSet.as("customer-service", Tokens.AGENT)
                .body(Map.of("firstName", firstName, "lastName", family, "birthDate", TestPersonalData.BIRTH_DATE,
                        "addresses", List.of(Map.of("street", "Kuolinkuja 2", "postalCode", "33100",
                                "city", "Tampere"))))
                .when().post("/customers").then().statusCode(201).extract().path("id");
    }

    private static void importDeath(String family, String firstName, LocalDate died) {
        String file = "last_name;first_names;birth_date;old_street;old_postal_code;new_street;new_postal_code;"
                + "new_city;deceased;deceased_on\n"
                + family + ";" + firstName + ";" + TestPersonalData.BIRTH_DATE + ";Kuolinkuja 2;33100;;;;1;" + died
                + "\n";
        TheSet.as("customer-service", Tokens.AGENT).contentType("text/csv").body(file)
                .when().post("/imports/vtj").then().statusCode(200).body("closed", equalTo(1));
    }

    private static void subscribe(String customer, LocalDate start, LocalDate end) {
        Map<String, Object> body = new HashMap<>(Map.of("productCode", "HS-DIGI", "startDate",
                start.toString()));
        if (end != null) {
            body.put("endDate", end.toString());
        }
        TheSet.as("customer-service", Tokens.AGENT).body(body)
                .when().post("/customers/{id}/subscriptions", customer).then().statusCode(201);
    }

    private static void invoice(String customer, LocalDate issued) {
        TheSet.as("customer-service", Tokens.AGENT)
                .body(Map.of("number", "SIM-" + UUID.randomUUID().toString().substring(0, 8), "amountCents", 2490,
                        "currency", "EUR", "issuedOn", issued.toString(), "dueDate", issued.plusDays(14).toString()))
                .when().post("/customers/{id}/invoices", customer).then().statusCode(201);
    }

    private static void analyticsEvent(String customer, Instant occurredAt) {
        TheSet.as("customer-service", Tokens.AGENT)
                .body(List.of(Map.of("type", "article.read", "occurredAt", occurredAt.toString(), "service", "hs")))
                .when().post("/customers/{id}/analytics-events", customer).then().statusCode(201);
    }

    private static void consent(String customer) {
        TheSet.as("consent-service", Tokens.AGENT)
                .body(Map.of("status", "GRANTED", "evidence", Map.of("source", "WEB_FORM", "textVersion", "2026-01")))
                .when().put("/customers/{id}/consents/DIRECT_MARKETING/EMAIL", customer).then().statusCode(200);
    }

    /** consent-service learns of the customer from customer.registered; until then the objection is refused. */
    private static void object(String customer) {
        soon().until(() -> TheSet.as("consent-service",
                        Tokens.AGENT).body(Map.of("scope", "ALL_MARKETING", "source", "CUSTOMER_SERVICE"))
                .when().post("/customers/{id}/prohibitions", customer).statusCode() == 201);
    }

    private static void close(String customer) {
        TheSet.as("customer-service", Tokens.AGENT).body(Map.of("reason", "CUSTOMER_REQUEST"))
                .when().post("/customers/{id}/closure", customer).then().statusCode(200);
    }

    private static String requestErasure(String customer) {
        return TheSet.as("retention-service", Tokens.AGENT)
                .body(Map.of("customerId", customer, "reason", "DATA_SUBJECT_REQUEST"))
                .when().post("/erasure-requests").then().statusCode(202).extract().path("id");
    }

    private static String requestAccess(String customer) {
        String id = TheSet.as("retention-service", Tokens.OFFICER).body(Map.of("customerId", customer))
                .when().post("/access-requests").then().statusCode(202).extract().path("id");
        soon().until(() -> "COMPLETED".equals(
                TheSet.as("retention-service", Tokens.OFFICER).when().get("/access-requests/{id}", id)
                        .then().statusCode(200).extract().path("status")));
        return id;
    }

    // ---- Reading the stores ----

    private static String status(String customer) throws SQLException {
        return text("customer", "SELECT status FROM customer WHERE id = ?", UUID.fromString(customer));
    }

    private static String deceasedOn(String customer) throws SQLException {
        return text("customer", "SELECT coalesce(deceased_on::text, 'none') FROM customer WHERE id = ?",
                UUID.fromString(customer));
    }

    private static String subscriptionStates(String customer) throws SQLException {
        return text("customer", "SELECT coalesce(string_agg(state, ',' ORDER BY state), 'none') FROM subscription"
                + " WHERE customer_id = ?", UUID.fromString(customer));
    }

    private static int consentProofs(String customer) throws SQLException {
        return count("consent", "SELECT count(*) FROM consent_change WHERE customer_id = ?", customer);
    }

    private static int objectionProofs(String customer) throws SQLException {
        return count("consent", "SELECT count(*) FROM prohibition WHERE customer_id = ?", customer);
    }

    /**
     * retention-service's word on the relationship clock: {@code ENDED due <date>}, {@code REOPENED}, {@code ERASED}
     * (follow-ups left) or none.
     */
    private static String relationshipClock(String customer) {
        Response response = TheSet.as("retention-service", Tokens.OFFICER).when()
                .get("/retention-clocks/{id}", customer);
        if (response.statusCode() == 404) {
            return "none";
        }
        JsonPath clock = JsonPath.from(response.asString());
        String relationship = clock.getString("relationship");
        return relationship.equals("ENDED") ? "ENDED due " + clock.getString("dueOn") : relationship;
    }

    /** The categories other holders retained: category, due date, legal basis (its first word), swept or open. */
    private static String followUps(String customer) {
        Response response = TheSet.as("retention-service", Tokens.OFFICER).when()
                .get("/retention-clocks/{id}", customer);
        if (response.statusCode() == 404) {
            return "none";
        }
        List<Map<String, Object>> followUps = JsonPath.from(response.asString()).getList("followUps");
        if (followUps.isEmpty()) {
            return "none";
        }
        return followUps.stream().map(f -> f.get("category") + " due " + f.get("dueOn") + " ("
                        + String.valueOf(f.get("legalBasis")).split("[ ,]")[0] + ") "
                        + (f.get("sweptAt") == null ? "open" : "swept"))
                .sorted().collect(Collectors.joining(", "));
    }

    private static int reportStatus(String accessRequest) {
        return TheSet.as("retention-service", Tokens.OFFICER).when()
                .get("/access-requests/{id}/report", accessRequest).statusCode();
    }

    /** Whether any service still holds an inbox row of an event it applied on T0 (after {@code t0Start}). */
    private static String inboxRowsOf(Instant t0Start) throws SQLException {
        OffsetDateTime from = t0Start.atOffset(ZoneOffset.UTC);
        int rows = 0;
        for (String database : DATABASES) {
            rows += TheSet.count(database, "SELECT count(*) FROM inbox_event WHERE processed_at >= ?"
                    + " AND processed_at < ?", from, from.plusDays(1));
        }
        return rows > 0 ? "kept" : "gone";
    }

    /** No inbox row of any service is older than rekisteri.inbox.keep (35 days) on the clocks' day. */
    private static void assertNoInboxRowOutlivesItsWindow(Instant now) throws SQLException {
        OffsetDateTime cutoff = now.minus(Duration.ofDays(35)).atOffset(ZoneOffset.UTC);
        for (String database : DATABASES) {
            soon().untilAsserted(() -> assertEquals(0,
                    TheSet.count(database, "SELECT count(*) FROM inbox_event WHERE processed_at < ?", cutoff),
                    "inbox rows older than 35 days in " + database));
        }
    }

    private static int count(String database, String sql, String customer) throws SQLException {
        return TheSet.count(database, sql, UUID.fromString(customer));
    }

    private static String text(String database, String sql, Object parameter) throws SQLException {
        try (Connection connection = TheSet.database(database);
             PreparedStatement query = connection.prepareStatement(sql)) {
            query.setObject(1, parameter);
            try (ResultSet result = query.executeQuery()) {
                return result.next() ? result.getString(1) : "none";
            }
        }
    }
}
