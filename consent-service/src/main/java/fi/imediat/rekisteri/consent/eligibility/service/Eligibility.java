package fi.imediat.rekisteri.consent.eligibility.service;

import fi.imediat.rekisteri.consent.eligibility.domain.Basis;
import fi.imediat.rekisteri.consent.eligibility.domain.DecidingRecordKind;
import fi.imediat.rekisteri.consent.eligibility.domain.ExclusionReason;
import fi.imediat.rekisteri.consent.eligibility.domain.MarketingRule;
import jakarta.enterprise.context.ApplicationScoped;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Decides, for a whole audience at once, who may be contacted for a purpose on a channel and why not. One
 * set-based query: the ids go in as one temporary table, are joined with the relationships, consents, prohibitions,
 * suppression list and the ASML list in force, and the precedence of the rules is one CASE expression:
 * erased, prohibited (a prohibition or a suppressed contact key), withdrawn, closed for abuse, on the ASML
 * register, then the basis: an opt-in, the soft opt-in or legitimate interest of an active relationship.
 */
@ApplicationScoped
public class Eligibility {

    /** One customer's outcome: {@code reason} null means they may be contacted on {@code basis}. */
    public record Decision(UUID customerId, ExclusionReason reason, Basis basis, DecidingRecordKind recordKind,
            UUID recordId) {
    }

    /** How many of the distinct ids requested were eligible per basis and excluded per reason. */
    public record Counts(int requested, Map<Basis, Long> eligible, Map<ExclusionReason, Long> excluded) {
    }

    /**
     * An audience that arrives as a stream (a request body being read): {@link #read} hands each id to the sink as
     * it comes, and answers the rule to apply once the whole audience is in.
     */
    public interface AudienceStream {
        MarketingRule read(Consumer<UUID> sink);
    }

    // The purpose, channel and rule flags come from enums and booleans, so they are written into the query as
    // literals (the planner sees constants); a listed audience is a temporary table.
    private static final String DECISIONS = """
            WITH ids AS (%8$s),
            prohibited AS (
                SELECT DISTINCT ON (p.customer_id) p.customer_id, p.id
                FROM prohibition p JOIN ids ON ids.customer_id = p.customer_id
                WHERE p.lifted_at IS NULL AND p.scope = ANY (CAST(ARRAY[%3$s] AS text[]))
                  AND (cardinality(p.channels) = 0 OR '%2$s' = ANY (p.channels))
                ORDER BY p.customer_id, p.added_at, p.id),
            suppressed AS (
                SELECT DISTINCT ON (k.customer_id) k.customer_id, s.id
                FROM customer_contact_key k JOIN ids ON ids.customer_id = k.customer_id
                JOIN suppression_key s ON s.key_hash = k.key_hash AND s.key_id = k.key_id
                WHERE %4$s
                ORDER BY k.customer_id, s.added_at, s.id),
            asml AS (
                SELECT DISTINCT ON (k.customer_id) k.customer_id, e.import_id
                FROM asml_current cur
                JOIN asml_entry e ON e.import_id = cur.import_id AND e.channel = '%2$s'
                JOIN customer_contact_key k ON k.key_hash = e.key_hash AND k.key_id = e.key_id
                JOIN ids ON ids.customer_id = k.customer_id
                WHERE %5$s),
            facts AS (
                SELECT i.customer_id, r.status AS relationship, r.closure_reason, c.status AS consent,
                       p.id AS prohibition_id, s.id AS suppression_id, a.import_id AS asml_import_id
                FROM ids i
                LEFT JOIN customer_relationship r ON r.customer_id = i.customer_id
                LEFT JOIN consent c ON c.customer_id = i.customer_id AND c.purpose = '%1$s' AND c.channel = '%2$s'
                LEFT JOIN prohibited p ON p.customer_id = i.customer_id
                LEFT JOIN suppressed s ON s.customer_id = i.customer_id
                LEFT JOIN asml a ON a.customer_id = i.customer_id),
            decisions AS (
                SELECT f.*, CASE
                    WHEN relationship = 'ERASED' THEN 'ERASED'
                    WHEN prohibition_id IS NOT NULL OR suppression_id IS NOT NULL THEN 'PROHIBITED'
                    WHEN consent = 'WITHDRAWN' THEN 'WITHDRAWN'
                    WHEN closure_reason = 'ABUSE' THEN 'CLOSED'
                    WHEN asml_import_id IS NOT NULL THEN 'ASML'
                    WHEN consent = 'GRANTED' THEN NULL
                    WHEN %6$s THEN 'NO_CONSENT'
                    WHEN relationship = 'ACTIVE' THEN NULL
                    WHEN relationship = 'CLOSED' THEN CASE WHEN %7$s THEN 'SOFT_OPT_IN_ENDED' ELSE 'CLOSED' END
                    ELSE 'NO_CONSENT'
                END AS reason
                FROM facts f)
            """;

    private static final String LIST = DECISIONS + """
            SELECT customer_id, reason,
                   CASE WHEN reason IS NOT NULL THEN NULL WHEN consent = 'GRANTED' THEN 'CONSENT'
                        WHEN %7$s THEN 'SOFT_OPT_IN' ELSE 'LEGITIMATE_INTEREST' END AS basis,
                   prohibition_id, suppression_id, asml_import_id,
                   CASE WHEN reason = 'WITHDRAWN' THEN (
                       SELECT cc.id FROM consent_change cc
                       WHERE cc.customer_id = d.customer_id AND cc.purpose = '%1$s' AND cc.channel = '%2$s'
                       ORDER BY cc.recorded_at DESC, cc.id DESC LIMIT 1) END AS withdrawal_id
            FROM decisions d
            """;

    private static final String COUNT = DECISIONS + """
            SELECT reason,
                   CASE WHEN reason IS NOT NULL THEN NULL WHEN consent = 'GRANTED' THEN 'CONSENT'
                        WHEN %7$s THEN 'SOFT_OPT_IN' ELSE 'LEGITIMATE_INTEREST' END AS basis,
                   count(*)
            FROM decisions GROUP BY 1, 2
            """;

    /** A listed audience, copied into the session's temporary table for the query; an id listed twice counts once. */
    private static final String LISTED = "SELECT DISTINCT customer_id FROM audience";
    /** Ids per chunk of COPY text sent to the server. */
    private static final int COPY_CHUNK = 10_000;
    /** The whole register: every customer customer-service has told this service about. */
    private static final String EVERY_CUSTOMER = "SELECT customer_id FROM customer_relationship";

    private final DataSource dataSource;

    Eligibility(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Every distinct id's decision, with the record that decided an exclusion. */
    public List<Decision> decide(MarketingRule rule, Collection<UUID> customerIds) {
        List<Decision> decisions = new ArrayList<>(customerIds.size());
        query(LIST, LISTED, connection -> copyAudience(connection, sink -> {
            customerIds.forEach(sink);
            return rule;
        }), rows -> {
            while (rows.next()) {
                UUID customer = rows.getObject(1, UUID.class);
                ExclusionReason reason = enumOrNull(ExclusionReason.class, rows.getString(2));
                decisions.add(reason == null
                        ? new Decision(customer, null, Basis.valueOf(rows.getString(3)), null, null)
                        : excluded(customer, reason, rows));
            }
        });
        return decisions;
    }

    /**
     * Only counts: for partner targeting, which gets numbers and never ids (privacy notice §4). The audience goes
     * into the database as it is read, so a million ids cost the heap a chunk of COPY text, not a million objects.
     */
    public Counts count(AudienceStream audience) {
        return count(LISTED, connection -> copyAudience(connection, audience));
    }

    /** Counts over the whole register, without sending its ids: what a campaign's planning asks first. */
    public Counts countEveryCustomer(MarketingRule rule) {
        // The whole register is read by the query itself: nothing to copy in.
        return count(EVERY_CUSTOMER, connection -> rule);
    }

    private Counts count(String audienceQuery, AudiencePreparation audience) {
        Map<Basis, Long> eligible = new EnumMap<>(Basis.class);
        Map<ExclusionReason, Long> excluded = new EnumMap<>(ExclusionReason.class);
        query(COUNT, audienceQuery, audience, rows -> {
            while (rows.next()) {
                ExclusionReason reason = enumOrNull(ExclusionReason.class, rows.getString(1));
                if (reason == null) {
                    eligible.put(Basis.valueOf(rows.getString(2)), rows.getLong(3));
                } else {
                    excluded.merge(reason, rows.getLong(3), Long::sum);
                }
            }
        });
        long total = eligible.values().stream().mapToLong(Long::longValue).sum()
                + excluded.values().stream().mapToLong(Long::longValue).sum();
        return new Counts((int) total, eligible, excluded);
    }

    private static Decision excluded(UUID customer, ExclusionReason reason, ResultSet rows) throws SQLException {
        return switch (reason) {
            case PROHIBITED -> {
                UUID prohibition = rows.getObject(4, UUID.class);
                yield prohibition != null
                        ? new Decision(customer, reason, null, DecidingRecordKind.PROHIBITION, prohibition)
                        : new Decision(customer, reason, null, DecidingRecordKind.SUPPRESSION,
                                rows.getObject(5, UUID.class));
            }
            case ASML -> new Decision(customer, reason, null, DecidingRecordKind.ASML_IMPORT,
                    rows.getObject(6, UUID.class));
            case WITHDRAWN -> new Decision(customer, reason, null, DecidingRecordKind.CONSENT_CHANGE,
                    rows.getObject(7, UUID.class));
            case ERASED, CLOSED, SOFT_OPT_IN_ENDED -> new Decision(customer, reason, null,
                    DecidingRecordKind.RELATIONSHIP, null);
            case NO_CONSENT -> new Decision(customer, reason, null, null, null);
        };
    }

    private interface RowReader {
        void read(ResultSet rows) throws SQLException;
    }

    /** Prepares the audience in the query's transaction (a listed one is copied in) and answers the rule. */
    private interface AudiencePreparation {
        MarketingRule prepare(Connection connection) throws SQLException;
    }

    /** {@code audience} is prepared first, then the query runs with the rule it answered. */
    private void query(String template, String audienceQuery, AudiencePreparation audience, RowReader reader) {
        try (Connection connection = dataSource.getConnection()) {
            // One transaction, so that the audience table is dropped at its end, whatever happens; it only reads.
            connection.setAutoCommit(false);
            try {
                MarketingRule rule = audience.prepare(connection);
                try (PreparedStatement statement = connection.prepareStatement(sql(template, rule, audienceQuery))) {
                    try (ResultSet rows = statement.executeQuery()) {
                        reader.read(rows);
                    }
                }
            } finally {
                connection.rollback();
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Eligibility query failed", e);
        }
    }

    private static String sql(String template, MarketingRule rule, String audienceQuery) {
        String scopes = rule.prohibitionScopes().stream().map(s -> "'" + s + "'").collect(Collectors.joining(","));
        return template.formatted(rule.purpose().name(), rule.channel().name(), scopes, rule.suppressionApplies(),
                rule.asmlApplies(), rule.explicitConsentOnly(), rule.softOptIn(), audienceQuery);
    }

    /**
     * The ids into a temporary table by COPY as they arrive, in chunks: a million ids bound as one array would be
     * built as one 37 MB string first, and read into a list a million objects. Duplicates are removed by the query
     * (DISTINCT). ANALYZE gives the planner the table's real size, so that a million ids get hash joins and a hundred
     * get index probes.
     */
    private static MarketingRule copyAudience(Connection connection, AudienceStream audience)
            throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TEMPORARY TABLE audience (customer_id uuid NOT NULL) ON COMMIT DROP");
        }
        CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI()
                .copyIn("COPY audience (customer_id) FROM STDIN");
        MarketingRule rule;
        try {
            StringBuilder chunk = new StringBuilder(COPY_CHUNK * 37);
            int[] inChunk = {0};
            rule = audience.read(id -> {
                chunk.append(id).append('\n');
                if (++inChunk[0] == COPY_CHUNK) {
                    write(copy, chunk);
                    inChunk[0] = 0;
                }
            });
            write(copy, chunk);
            copy.endCopy();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("ANALYZE audience");
        }
        return rule;
    }

    private static void write(CopyIn copy, StringBuilder chunk) {
        byte[] bytes = chunk.toString().getBytes(StandardCharsets.US_ASCII);
        try {
            copy.writeToCopy(bytes, 0, bytes.length);
        } catch (SQLException e) {
            throw new IllegalStateException("Copying the audience failed", e);
        }
        chunk.setLength(0);
    }

    private static <E extends Enum<E>> E enumOrNull(Class<E> type, String name) {
        return name == null ? null : Enum.valueOf(type, name);
    }
}
