package fi.imediat.rekisteri.benchmark.sweep;

import fi.imediat.rekisteri.benchmark.eligibility.CopyRows;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Loads customers whose relationship ended in 2020, so their retention clocks are long due, into every holder's
 * database with COPY, as the services' own events would have left them: in customer-service a closed customer with
 * name, birth date and e-mail; in consent-service the closed relationship, half of them with an e-mail consent and
 * its history entry; in retention-service the running retention clock. Seeded: the same seed gives the same rows.
 */
public final class SweepData {

    private SweepData() {
    }

    /** Where the three databases are. */
    public record Databases(String customer, String consent, String retention, String user, String password) {

        Connection open(String url) throws SQLException {
            return DriverManager.getConnection(url, user, password);
        }
    }

    /** @return the customer ids */
    public static List<UUID> load(Databases databases, int customers, long seed) throws SQLException {
        Random random = new Random(seed);
        List<UUID> ids = new ArrayList<>(customers);
        String closedAt = "2020-06-01T10:00:00Z";
        try (Connection customerDb = databases.open(databases.customer());
             Connection relationshipDb = databases.open(databases.consent());
             Connection consentDb = databases.open(databases.consent());
             Connection historyDb = databases.open(databases.consent());
             Connection clockDb = databases.open(databases.retention())) {
            try (CopyRows customer = new CopyRows(customerDb, "customer", "id, status, first_name, last_name, "
                    + "birth_date, source, registered_at, closure_reason, closed_at, relationship_ended_on, "
                    + "name_source, name_set_at, birth_date_source, birth_date_set_at");
                 CopyRows relationship = new CopyRows(relationshipDb, "customer_relationship",
                         "customer_id, status, closure_reason, relationship_ended_on, updated_at");
                 CopyRows consent = new CopyRows(consentDb, "consent",
                         "customer_id, purpose, channel, status, updated_at");
                 CopyRows history = new CopyRows(historyDb, "consent_change", "id, customer_id, purpose, channel, "
                         + "status, source, text_version, captured_at, recorded_at, recorded_by, event_id");
                 CopyRows clock = new CopyRows(clockDb, "retention_clock", "customer_id, relationship_ended_on")) {
                for (int i = 0; i < customers; i++) {
                    UUID id = CopyRows.uuid(random);
                    ids.add(id);
                    LocalDate ended = LocalDate.of(2020, 6, 1).minusDays(random.nextInt(365));
                    customer.value(id).value("CLOSED").value("Etu" + i).value("Suku" + random.nextInt(10_000))
                            .value(LocalDate.of(1940, 1, 1).plusDays(random.nextInt(25_000)))
                            .value("REGISTRATION").value("2015-03-01T10:00:00Z").value("RELATIONSHIP_ENDED").value(closedAt)
                            .value(ended).value("REGISTRATION").value("2015-03-01T10:00:00Z").value("REGISTRATION")
                            .value("2015-03-01T10:00:00Z").endRow();
                    relationship.value(id).value("CLOSED").value("RELATIONSHIP_ENDED").value(ended).value(closedAt)
                            .endRow();
                    if (random.nextBoolean()) {
                        consent.value(id).value("DIRECT_MARKETING").value("EMAIL").value("GRANTED").value(closedAt)
                                .endRow();
                        history.value(CopyRows.uuid(random)).value(id).value("DIRECT_MARKETING").value("EMAIL")
                                .value("GRANTED").value("WEB_FORM").value("2026-01").value(closedAt).value(closedAt)
                                .value("benchmark").value(CopyRows.uuid(random)).endRow();
                    }
                    clock.value(id).value(ended).endRow();
                }
            }
            // After the customers are committed: the e-mails refer to them.
            try (CopyRows email = new CopyRows(customerDb, "customer_email",
                    "id, customer_id, address, is_primary, source, set_at")) {
                for (int i = 0; i < customers; i++) {
                    email.value(CopyRows.uuid(random)).value(ids.get(i)).value("sweep-" + seed + "-" + i
                            + "@example.invalid").value(true).value("REGISTRATION").value("2015-03-01T10:00:00Z").endRow();
                }
            }
            for (Connection db : List.of(customerDb, relationshipDb, clockDb)) {
                try (Statement sql = db.createStatement()) {
                    sql.execute("ANALYZE");
                }
            }
        }
        return ids;
    }
}
