package fi.imediat.rekisteri.benchmark.eligibility;

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
 * Loads consent-service's database with a register of customers whose mix of relationships, consents, prohibitions,
 * contact keys, suppression entries and ASML (Robinson list) entries resembles a real one, with COPY. Seeded: the same
 * seed gives the same customers, rows and answers.
 * <p>
 * Per customer: relationship 86 % active, 11 % closed (a tenth of them for abuse), 3 % erased; direct marketing by
 * e-mail 35 % granted and 10 % withdrawn (each with its history entry), SMS and partner e-mail consents, post
 * withdrawals; 2.5 % with a prohibition (a fifth of them lifted); e-mail keys for 90 %, phone and name + address keys
 * for half; 0.5 % whose e-mail is on the suppression list; 8 % of phones and addresses on the ASML list in force, which
 * also holds 100,000 people who are not customers.
 */
public final class EligibilityData {

    /** Every generated hash is under key 1, as a database that was never rotated. */
    private static final int KEY_ID = 1;
    private static final String[] SCOPES = {"DIRECT_MARKETING", "ALL_MARKETING", "DISTANCE_SELLING", "DISCLOSURE"};
    private static final String[][] CHANNEL_SETS = {{}, {}, {"EMAIL"}, {"PHONE", "POST"}};

    private EligibilityData() {
    }

    /** @return the customer ids, in load order */
    public static List<UUID> load(String jdbcUrl, String user, String password, int customers, long seed)
            throws SQLException {
        Random random = new Random(seed);
        List<UUID> ids = new ArrayList<>(customers);
        List<byte[]> suppressed = new ArrayList<>();
        List<byte[]> asmlPhones = new ArrayList<>();
        List<byte[]> asmlAddresses = new ArrayList<>();
        String now = "2026-11-01T12:00:00Z";
        try (Connection relationshipsDb = DriverManager.getConnection(jdbcUrl, user, password);
             Connection consentsDb = DriverManager.getConnection(jdbcUrl, user, password);
             Connection historyDb = DriverManager.getConnection(jdbcUrl, user, password);
             Connection prohibitionsDb = DriverManager.getConnection(jdbcUrl, user, password);
             Connection keysDb = DriverManager.getConnection(jdbcUrl, user, password)) {
            // Five COPY streams at once, one per table: PostgreSQL parses and indexes them in parallel.
            try (CopyRows relationships = new CopyRows(relationshipsDb, "customer_relationship",
                    "customer_id, status, closure_reason, relationship_ended_on, updated_at");
                 CopyRows consents = new CopyRows(consentsDb, "consent",
                         "customer_id, purpose, channel, status, updated_at");
                 CopyRows history = new CopyRows(historyDb, "consent_change", "id, customer_id, purpose, channel, "
                         + "status, source, text_version, captured_at, recorded_at, recorded_by, event_id");
                 CopyRows prohibitions = new CopyRows(prohibitionsDb, "prohibition", "id, customer_id, scope, "
                         + "channels, source, added_at, added_by, added_event_id, lifted_at, lifted_by, lift_source, "
                         + "lifted_event_id");
                 CopyRows keys = new CopyRows(keysDb, "customer_contact_key", "customer_id, kind, key_hash, key_id")) {
                for (int i = 0; i < customers; i++) {
                    UUID id = CopyRows.uuid(random);
                    ids.add(id);
                    double r = random.nextDouble();
                    String status = r < 0.86 ? "ACTIVE" : r < 0.97 ? "CLOSED" : "ERASED";
                    boolean closed = !status.equals("ACTIVE");
                    relationships.value(id).value(status)
                            .value(closed ? (random.nextInt(10) == 0 ? "ABUSE" : "CUSTOMER_REQUEST") : null)
                            .value(closed ? LocalDate.of(2024, 1, 1).plusDays(random.nextInt(900)) : null)
                            .value(now).endRow();
                    double c = random.nextDouble();
                    if (c < 0.45) {
                        String consent = c < 0.35 ? "GRANTED" : "WITHDRAWN";
                        consents.value(id).value("DIRECT_MARKETING").value("EMAIL").value(consent).value(now)
                                .endRow();
                        history.value(CopyRows.uuid(random)).value(id).value("DIRECT_MARKETING").value("EMAIL")
                                .value(consent).value("WEB_FORM").value("2026-01").value(now).value(now)
                                .value("benchmark").value(CopyRows.uuid(random)).endRow();
                    }
                    if (random.nextDouble() < 0.15) {
                        consents.value(id).value("DIRECT_MARKETING").value("SMS").value("GRANTED").value(now).endRow();
                    }
                    if (random.nextDouble() < 0.10) {
                        consents.value(id).value("PARTNER_TARGETING").value("EMAIL").value("GRANTED").value(now)
                                .endRow();
                    }
                    if (random.nextDouble() < 0.05) {
                        consents.value(id).value("DIRECT_MARKETING").value("POST").value("WITHDRAWN").value(now)
                                .endRow();
                    }
                    if (random.nextDouble() < 0.025) {
                        boolean lifted = random.nextInt(5) == 0;
                        prohibitions.value(CopyRows.uuid(random)).value(id).value(SCOPES[random.nextInt(4)])
                                .array(CHANNEL_SETS[random.nextInt(4)]).value("CUSTOMER_SERVICE").value(now)
                                .value("benchmark").value(CopyRows.uuid(random)).value(lifted ? now : null)
                                .value(lifted ? "benchmark" : null).value(lifted ? "CUSTOMER_SERVICE" : null)
                                .value(lifted ? CopyRows.uuid(random) : null).endRow();
                    }
                    if (random.nextDouble() < 0.90) {
                        byte[] email = key(random);
                        keys.value(id).value("EMAIL").bytes(email).value(KEY_ID).endRow();
                        if (random.nextDouble() < 0.005) {
                            suppressed.add(email);
                        }
                    }
                    if (random.nextDouble() < 0.5) {
                        byte[] phone = key(random);
                        keys.value(id).value("PHONE").bytes(phone).value(KEY_ID).endRow();
                        if (random.nextDouble() < 0.08) {
                            asmlPhones.add(phone);
                        }
                    }
                    if (random.nextDouble() < 0.5) {
                        byte[] address = key(random);
                        keys.value(id).value("NAME_ADDRESS").bytes(address).value(KEY_ID).endRow();
                        if (random.nextDouble() < 0.08) {
                            asmlAddresses.add(address);
                        }
                    }
                }
            }
            loadLists(keysDb, random, suppressed, asmlPhones, asmlAddresses, now);
            try (Statement sql = keysDb.createStatement()) {
                sql.execute("ANALYZE");
            }
        }
        return ids;
    }

    private static void loadLists(Connection db, Random random, List<byte[]> suppressed, List<byte[]> asmlPhones,
            List<byte[]> asmlAddresses, String now) throws SQLException {
        try (CopyRows suppression = new CopyRows(db, "suppression_key", "id, key_hash, kind, added_at, key_id")) {
            for (byte[] key : suppressed) {
                suppression.value(CopyRows.uuid(random)).bytes(key).value("EMAIL").value(now).value(KEY_ID)
                        .endRow();
            }
            for (int i = 0; i < 20_000; i++) {
                suppression.value(CopyRows.uuid(random)).bytes(key(random)).value(i % 2 == 0 ? "EMAIL" : "PHONE")
                        .value(now).value(KEY_ID).endRow();
            }
        }
        UUID importId = CopyRows.uuid(random);
        int accepted = asmlPhones.size() + asmlAddresses.size() + 100_000;
        try (Statement sql = db.createStatement()) {
            sql.execute("INSERT INTO asml_import (id, started_at, imported_by, accepted, rejected, current_since) "
                    + "VALUES ('" + importId + "', '" + now + "', 'benchmark', " + accepted + ", 0, '" + now + "')");
            sql.execute("INSERT INTO asml_current (import_id) VALUES ('" + importId + "') "
                    + "ON CONFLICT (singleton) DO UPDATE SET import_id = EXCLUDED.import_id");
        }
        try (CopyRows asml = new CopyRows(db, "asml_entry", "import_id, channel, key_hash, key_id")) {
            for (byte[] key : asmlPhones) {
                asml.value(importId).value("PHONE").bytes(key).value(KEY_ID).endRow();
            }
            for (byte[] key : asmlAddresses) {
                asml.value(importId).value("POST").bytes(key).value(KEY_ID).endRow();
            }
            for (int i = 0; i < 100_000; i++) {
                asml.value(importId).value(i % 2 == 0 ? "PHONE" : "POST").bytes(key(random)).value(KEY_ID)
                        .endRow();
            }
        }
    }

    /** A keyed hash stands in as 32 seeded random bytes: only equality matters to the joins. */
    private static byte[] key(Random random) {
        byte[] key = new byte[32];
        random.nextBytes(key);
        return key;
    }
}
