package fi.imediat.rekisteri.benchmark.data;

import fi.imediat.rekisteri.benchmark.BenchmarkContext;
import fi.imediat.rekisteri.infra.EmbeddedPostgresServer;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Fictitious customers written straight into the services' databases with PostgreSQL {@code COPY}, not one REST call
 * each (the target: a million in under a minute; docs/benchmarks.md has what it took on the shared machine). The
 * same context seed and dataset name give the same customers (ids, names, addresses), and datasets of different
 * names never collide, so several benchmarks can load into one stack.
 *
 * <p>What is written is what the services would hold after registering each customer and the
 * {@code customer.registered} event having reached consent-service:
 * <ul>
 *     <li>customer-service: {@code customer} (ACTIVE, source REGISTRATION), one primary {@code customer_email},
 *     {@code customer_address} and {@code customer_phone} each;</li>
 *     <li>consent-service: an ACTIVE {@code customer_relationship} and a GRANTED e-mail direct-marketing consent
 *     with its history entry ({@link #GRANTED_PURPOSE}, {@link #GRANTED_CHANNEL}), so a withdrawal changes
 *     something.</li>
 * </ul>
 * retention-service needs nothing: it learns of a customer from the closure that starts a clock. consent-service's
 * contact keys are not written (they only matter to ASML and suppression matching).
 */
public final class CustomerDataset {

    public static final String GRANTED_PURPOSE = "DIRECT_MARKETING";
    public static final String GRANTED_CHANNEL = "EMAIL";

    private static final String[] FIRST_NAMES = {"Aino", "Eino", "Helmi", "Väinö", "Lempi", "Toivo", "Siiri",
            "Urho", "Impi", "Kauko", "Saima", "Onni", "Tyyne", "Veikko", "Elsa", "Arvo"};
    private static final String[] LAST_NAMES = {"Testinen", "Esimerkki", "Kokeilu", "Malli", "Harjoitus", "Koekäyttö",
            "Näyte", "Luonnos"};
    private static final String[] CITIES = {"Testilä", "Esimerkkilä", "Kokeilukylä", "Mallila"};
    private static final LocalDate BORN_FROM = LocalDate.of(1940, 1, 1);
    private static final int ROWS_PER_WRITE = 20_000;

    private CustomerDataset() {
    }

    /**
     * Loads {@code count} customers named {@code dataset} (letters, digits and dashes) and returns their ids in
     * generation order. Loading the same dataset twice into one stack fails on the primary keys.
     */
    public static List<UUID> load(BenchmarkContext context, String dataset, int count) {
        if (!dataset.matches("[a-z0-9-]{1,40}")) {
            throw new IllegalArgumentException("dataset names are lower-case letters, digits and dashes");
        }
        List<UUID> ids = ids(context.seed(), dataset, count);
        Instant now = Instant.now();
        EmbeddedPostgresServer postgres = context.stack().postgres();
        // The customer rows first (the other tables reference them), then every other table in parallel.
        CompletableFuture<Void> consent = async(() -> copy(postgres, "consent", List.of(
                new Table("customer_relationship (customer_id, status, updated_at)",
                        (i, row) -> row.add(ids.get(i)).add("ACTIVE").add(now)),
                new Table("consent (customer_id, purpose, channel, status, updated_at)",
                        (i, row) -> row.add(ids.get(i)).add(GRANTED_PURPOSE).add(GRANTED_CHANNEL).add("GRANTED")
                                .add(now)),
                new Table("consent_change (id, customer_id, purpose, channel, status, source, text_version,"
                        + " captured_at, recorded_at, recorded_by, event_id)",
                        (i, row) -> row.add(derived(ids.get(i), 1)).add(ids.get(i)).add(GRANTED_PURPOSE)
                                .add(GRANTED_CHANNEL).add("GRANTED").add("WEB_FORM").add("2026-01").add(now).add(now)
                                .add("benchmark").add(derived(ids.get(i), 2)))), count));
        Random names = new Random(context.seed() ^ dataset.hashCode());
        long[] nameDraws = new long[count];
        for (int i = 0; i < count; i++) {
            nameDraws[i] = names.nextLong();
        }
        copy(postgres, "customer", List.of(new Table("customer (id, status, first_name, last_name, birth_date,"
                + " username, source, registered_at, name_source, name_set_at, birth_date_source, birth_date_set_at)",
                (i, row) -> {
                    long draw = nameDraws[i];
                    row.add(ids.get(i)).add("ACTIVE").add(FIRST_NAMES[(int) (draw & 15)])
                            .add(LAST_NAMES[(int) ((draw >>> 4) & 7)])
                            .add(BORN_FROM.plusDays((draw >>> 8) % (65 * 365)))
                            .add(username(dataset, i)).add("REGISTRATION").add(now).add("REGISTRATION").add(now)
                            .add("REGISTRATION").add(now);
                })), count);
        CompletableFuture<Void> emails = async(() -> copy(postgres, "customer", List.of(new Table(
                "customer_email (id, customer_id, address, is_primary, source, set_at)",
                (i, row) -> row.add(derived(ids.get(i), 3)).add(ids.get(i))
                        .add(username(dataset, i) + "@example.invalid").add("t").add("REGISTRATION").add(now))),
                count));
        CompletableFuture<Void> addresses = async(() -> copy(postgres, "customer", List.of(new Table(
                "customer_address (id, customer_id, street, postal_code, city, country, is_primary, source, set_at)",
                (i, row) -> row.add(derived(ids.get(i), 4)).add(ids.get(i)).add("Koekatu " + (i % 200 + 1))
                        .add(String.format("%05d", (nameDraws[i] >>> 24) % 100_000))
                        .add(CITIES[(int) ((nameDraws[i] >>> 40) & 3)]).add("FI").add("t").add("REGISTRATION")
                        .add(now))),
                count));
        CompletableFuture<Void> phones = async(() -> copy(postgres, "customer", List.of(new Table(
                "customer_phone (id, customer_id, number, is_primary, source, set_at)",
                (i, row) -> row.add(derived(ids.get(i), 5)).add(ids.get(i)).add("+35850" + (1_000_000 + i))
                        .add("t").add("REGISTRATION").add(now))),
                count));
        join(consent, emails, addresses, phones);
        return ids;
    }

    /** The ids of a dataset, without loading it. */
    public static List<UUID> ids(long seed, String dataset, int count) {
        Random random = new Random(seed * 31 + dataset.hashCode());
        List<UUID> ids = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ids.add(versionFour(random.nextLong(), random.nextLong()));
        }
        return ids;
    }

    private static String username(String dataset, int index) {
        return "bench-" + dataset + "-" + index;
    }

    private static UUID derived(UUID id, int table) {
        return versionFour(id.getMostSignificantBits() * 31 + table, id.getLeastSignificantBits() ^ table);
    }

    private static UUID versionFour(long most, long least) {
        return new UUID((most & ~0xF000L) | 0x4000L, (least & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L);
    }

    /** A table's column list and how to write the row of the customer at an index. */
    private record Table(String columns, RowWriter writer) {
    }

    @FunctionalInterface
    private interface RowWriter {
        void write(int index, Row row);
    }

    /** One line of COPY's text format; the generated values need no escaping (no tabs, newlines or backslashes). */
    private static final class Row {
        private final StringBuilder text;
        private boolean first = true;

        Row(StringBuilder text) {
            this.text = text;
        }

        Row add(Object value) {
            if (!first) {
                text.append('\t');
            }
            first = false;
            text.append(value);
            return this;
        }

        void end() {
            text.append('\n');
            first = true;
        }
    }

    /** Each table in one COPY, all of them in one transaction of the database's own connection. */
    private static void copy(EmbeddedPostgresServer postgres, String database, List<Table> tables, int count) {
        try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl(database),
                EmbeddedPostgresServer.USER, "")) {
            connection.setAutoCommit(false);
            try (Statement bulk = connection.createStatement()) {
                // As pg_restore --disable-triggers does: no per-row foreign-key trigger for rows that are consistent
                // by construction (the queued checks, one query per row at the end of each COPY, took minutes for a
                // million). Only this transaction; the services' sessions keep every check.
                bulk.execute("SET LOCAL session_replication_role = replica");
            }
            PGConnection pg = connection.unwrap(PGConnection.class);
            for (Table table : tables) {
                CopyIn copy = pg.getCopyAPI().copyIn("COPY " + table.columns() + " FROM STDIN");
                StringBuilder text = new StringBuilder(ROWS_PER_WRITE * 160);
                Row row = new Row(text);
                for (int i = 0; i < count; i++) {
                    table.writer().write(i, row);
                    row.end();
                    if ((i + 1) % ROWS_PER_WRITE == 0 || i == count - 1) {
                        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
                        copy.writeToCopy(bytes, 0, bytes.length);
                        text.setLength(0);
                    }
                }
                copy.endCopy();
            }
            connection.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not load the benchmark customers into " + database, e);
        }
    }

    private static CompletableFuture<Void> async(Runnable task) {
        return CompletableFuture.runAsync(task, r -> new Thread(r, "customer-dataset").start());
    }

    private static void join(CompletableFuture<?>... futures) {
        try {
            CompletableFuture.allOf(futures).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }
}
