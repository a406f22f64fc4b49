package fi.imediat.rekisteri.customer.vtj.service;

import fi.imediat.rekisteri.customer.customers.service.CustomerService;
import fi.imediat.rekisteri.events.CustomerUpdated;
import fi.imediat.rekisteri.events.DataCategory;
import fi.imediat.rekisteri.events.EventType;
import fi.imediat.rekisteri.platform.audit.AuditAction;
import fi.imediat.rekisteri.platform.audit.AuditTrail;
import fi.imediat.rekisteri.platform.audit.ProcessingPurpose;
import fi.imediat.rekisteri.platform.outbox.Outbox;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Imports a population-register (VTJ) update file as it streams in: lines are parsed one at a time and matched
 * and applied a batch at a time, each batch in its own transaction, so a file of any length needs little memory.
 * See README for the layout.
 */
@ApplicationScoped
public class VtjImport {

    public static final String HEADER = "last_name;first_names;birth_date;old_street;old_postal_code;"
            + "new_street;new_postal_code;new_city;deceased;deceased_on";
    private static final int FIELDS = 10;
    private static final int BATCH = 1000;
    /** The report lists this many rejected lines; {@code rejectedCount} counts them all. */
    private static final int MAX_REJECTED_LISTED = 1000;

    /** One rejected line; the reason names the field or rule, never a value. */
    public record Rejection(long line, String reason) {
    }

    public record Report(long matched, long updated, long closed, long unmatched, long rejectedCount,
            List<Rejection> rejected) {
    }

    private record Row(long line, String lastName, String firstNames, LocalDate birthDate, String oldStreet,
            String oldPostalCode, String newStreet, String newPostalCode, String newCity, boolean deceased,
            LocalDate deceasedOn) {
    }

    private static final class Tally {
        long matched;
        long updated;
        long closed;
        long unmatched;
        long rejectedCount;
        final List<Rejection> rejected = new ArrayList<>();

        void reject(long line, String reason) {
            rejectedCount++;
            if (rejected.size() < MAX_REJECTED_LISTED) {
                rejected.add(new Rejection(line, reason));
            }
        }
    }

    private final AgroalDataSource dataSource;
    private final CustomerService customers;
    private final Outbox outbox;
    private final AuditTrail audit;
    private final Clock clock;

    VtjImport(AgroalDataSource dataSource, CustomerService customers, Outbox outbox, AuditTrail audit, Clock clock) {
        this.clock = clock;
        this.dataSource = dataSource;
        this.customers = customers;
        this.outbox = outbox;
        this.audit = audit;
    }

    public Report run(InputStream body) {
        Tally tally = new Tally();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String header = reader.readLine();
            if (header == null || !HEADER.equals(header.strip().replace("\uFEFF", ""))) {
                tally.reject(1, "the first line must be the header " + HEADER);
                return report(tally);
            }
            List<Row> batch = new ArrayList<>(BATCH);
            long number = 1;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                Row row = parse(number, line, tally);
                if (row != null) {
                    batch.add(row);
                }
                if (batch.size() == BATCH) {
                    apply(batch, tally);
                    batch.clear();
                }
            }
            apply(batch, tally);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return report(tally);
    }

    private static Report report(Tally t) {
        return new Report(t.matched, t.updated, t.closed, t.unmatched, t.rejectedCount, t.rejected);
    }

    private static Row parse(long number, String line, Tally tally) {
        String[] f = line.split(";", -1);
        if (f.length != FIELDS) {
            tally.reject(number, "has " + f.length + " fields, expected " + FIELDS);
            return null;
        }
        for (int i = 0; i < f.length; i++) {
            f[i] = f[i].strip();
        }
        if (f[0].isEmpty() || f[1].isEmpty()) {
            tally.reject(number, "last_name and first_names are required");
            return null;
        }
        LocalDate birthDate;
        try {
            birthDate = LocalDate.parse(f[2]);
        } catch (DateTimeParseException e) {
            tally.reject(number, "birth_date is not a date (yyyy-mm-dd)");
            return null;
        }
        if (f[3].isEmpty() || !f[4].matches("[0-9]{5}")) {
            tally.reject(number, "old_street is required and old_postal_code must be five digits");
            return null;
        }
        boolean moved = !f[5].isEmpty() || !f[6].isEmpty() || !f[7].isEmpty();
        if (moved && (f[5].isEmpty() || f[7].isEmpty() || !f[6].matches("[0-9]{5}"))) {
            tally.reject(number, "new_street, new_postal_code (five digits) and new_city go together");
            return null;
        }
        if (!f[8].matches("[01]?")) {
            tally.reject(number, "deceased must be 1, 0 or empty");
            return null;
        }
        boolean deceased = "1".equals(f[8]);
        LocalDate deceasedOn = null;
        if (!f[9].isEmpty()) {
            try {
                deceasedOn = LocalDate.parse(f[9]);
            } catch (DateTimeParseException e) {
                tally.reject(number, "deceased_on is not a date (yyyy-mm-dd)");
                return null;
            }
        }
        return new Row(number, f[0], f[1], birthDate, f[3], f[4], moved ? f[5] : null, moved ? f[6] : null,
                moved ? f[7] : null, deceased, deceased ? deceasedOn : null);
    }

    /** A customer address that matches a line: the person by name and birth date, the address by the old one. */
    private record Candidate(UUID customerId, String firstName, UUID addressId, String street,
            String postalCode, String city) {
    }

    private void apply(List<Row> batch, Tally tally) {
        if (batch.isEmpty()) {
            return;
        }
        QuarkusTransaction.requiringNew().run(() -> {
            Map<String, List<Candidate>> candidates = candidates(batch);
            Instant now = Instant.now(clock);
            for (Row row : batch) {
                List<Candidate> found = candidates.getOrDefault(key(row.lastName(), row.birthDate(), row.oldStreet(),
                        row.oldPostalCode()), List.of()).stream()
                        .filter(c -> firstNamesMatch(row.firstNames(), c)).toList();
                if (found.isEmpty()) {
                    tally.unmatched++;
                } else if (found.stream().map(Candidate::customerId).distinct().count() > 1) {
                    tally.reject(row.line(), "matches several customers");
                } else {
                    tally.matched++;
                    applyTo(row, found.get(0), now, tally);
                }
            }
        });
    }

    private void applyTo(Row row, Candidate match, Instant now, Tally tally) {
        if (row.newStreet() != null && !(row.newStreet().equalsIgnoreCase(match.street())
                && row.newPostalCode().equals(match.postalCode()) && row.newCity().equalsIgnoreCase(match.city()))) {
            update("""
                    UPDATE customer_address SET street = ?, postal_code = ?, city = ?, country = 'FI', source = 'VTJ',
                        set_at = ? WHERE id = ?""", row.newStreet(), row.newPostalCode(), row.newCity(),
                    Timestamp.from(now), match.addressId());
            outbox.record(EventType.CUSTOMER_UPDATED, match.customerId(),
                    new CustomerUpdated(match.customerId(), List.of(DataCategory.BASIC_DATA), now));
            audit.record("vtj.update-address", match.customerId(), List.of(DataCategory.BASIC_DATA),
                    AuditAction.UPDATE, ProcessingPurpose.CUSTOMER_RELATIONSHIP);
            tally.updated++;
        }
        if (row.deceased() && customers.recordDeath(match.customerId(), row.deceasedOn())) {
            tally.closed++;
        }
    }

    /** The register's first name is all of the VTJ first names or one of them (the name the person uses). */
    private static boolean firstNamesMatch(String firstNames, Candidate candidate) {
        String registered = candidate.firstName() == null ? "" : candidate.firstName().strip().toLowerCase(Locale.ROOT);
        String given = firstNames.toLowerCase(Locale.ROOT);
        return registered.equals(given) || List.of(given.split("\\s+")).contains(registered);
    }

    /** One query for the whole batch: every address of every customer with a listed last name and birth date. */
    private Map<String, List<Candidate>> candidates(List<Row> batch) {
        Map<String, List<Candidate>> byKey = new HashMap<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement("""
                     SELECT c.id, c.last_name, c.first_name, c.birth_date,
                            a.id, a.street, a.postal_code, a.city
                     FROM customer c JOIN customer_address a ON a.customer_id = c.id
                     WHERE c.status <> 'ERASED'
                       AND (lower(c.last_name), c.birth_date) IN (SELECT * FROM unnest(?::text[], ?::date[]))""")) {
            Array lastNames = connection.createArrayOf("text", batch.stream()
                    .map(r -> r.lastName().toLowerCase(Locale.ROOT)).toArray());
            Array birthDates = connection.createArrayOf("date", batch.stream()
                    .map(r -> Date.valueOf(r.birthDate())).toArray());
            query.setArray(1, lastNames);
            query.setArray(2, birthDates);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    Candidate candidate = new Candidate(rows.getObject(1, UUID.class), rows.getString(3),
                            rows.getObject(5, UUID.class), rows.getString(6), rows.getString(7), rows.getString(8));
                    byKey.computeIfAbsent(key(rows.getString(2), rows.getDate(4).toLocalDate(), rows.getString(6),
                            rows.getString(7)), k -> new ArrayList<>()).add(candidate);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("VTJ match query failed", e);
        }
        return byKey;
    }

    private static String key(String lastName, LocalDate birthDate, String street, String postalCode) {
        return String.join("|", lastName.toLowerCase(Locale.ROOT), birthDate.toString(),
                street.strip().toLowerCase(Locale.ROOT), postalCode);
    }

    private void update(String sql, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("VTJ update failed", e);
        }
    }
}
