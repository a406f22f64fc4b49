package fi.imediat.rekisteri.consent.contactkeys.service;

import fi.imediat.rekisteri.platform.problem.Problem;
import fi.imediat.rekisteri.platform.problem.ProblemException;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.hibernate.Session;
import org.jboss.logging.Logger;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which key the stored contact hashes are under, and the rotation that moves them to the newest configured key
 * ({@link ContactKeyChain}). The customers' keys, the ASML list and the suppression list are always under one key:
 * a rotation re-keys the three tables and moves contact_key_state in one transaction, so a match never compares
 * hashes under two keys, and every writer reads the current key with FOR SHARE, so none writes under a key a rotation
 * is leaving.
 */
@ApplicationScoped
public class ContactKeyRotation {

    private static final Logger LOG = Logger.getLogger(ContactKeyRotation.class);
    private static final int BATCH = 10_000;
    private static final HexFormat HEX = HexFormat.of();
    private static final List<String> TABLES = List.of("customer_contact_key", "asml_entry", "suppression_key");

    /** What the stored hashes are under and what a rotation would move them to. */
    public record State(int keyId, int newestConfiguredKeyId, boolean rotationPending, Instant rotatedAt) {
    }

    /** What a rotation re-keyed. */
    public record Rotation(int fromKeyId, int toKeyId, long customerKeys, long asmlEntries, long suppressionKeys) {
    }

    private final EntityManager entityManager;
    private final ContactKeyChain chain;

    ContactKeyRotation(EntityManager entityManager, ContactKeyChain chain) {
        this.entityManager = entityManager;
        this.chain = chain;
    }

    /**
     * The key the stored hashes are under. Holds off a rotation until the caller's transaction ends, and waits for
     * one that is running: what the caller writes under this key is re-keyed by the next rotation, never missed.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public int currentKeyId() {
        return ((Number) entityManager.createNativeQuery("SELECT key_id FROM contact_key_state FOR SHARE")
                .getSingleResult()).intValue();
    }

    /**
     * Refuses to start with keys that do not match the stored hashes, and records the fingerprints of keys
     * configured for the first time.
     */
    @Transactional
    void verifyKeys(@Observes StartupEvent startup) {
        int stored = ((Number) entityManager.createNativeQuery("SELECT key_id FROM contact_key_state")
                .getSingleResult()).intValue();
        Map<Integer, byte[]> recorded = new HashMap<>();
        for (Object row : entityManager.createNativeQuery("SELECT key_id, fingerprint FROM contact_key_fingerprint")
                .getResultList()) {
            Object[] columns = (Object[]) row;
            recorded.put(((Number) columns[0]).intValue(), (byte[]) columns[1]);
        }
        refusal(stored, recorded, chain).ifPresent(reason -> {
            throw new IllegalStateException(reason);
        });
        for (int keyId = ContactKeyChain.FIRST_KEY_ID; keyId <= chain.newestKeyId(); keyId++) {
            if (!recorded.containsKey(keyId)) {
                entityManager.createNativeQuery("""
                                INSERT INTO contact_key_fingerprint (key_id, fingerprint, recorded_at)
                                VALUES (?1, ?2, now()) ON CONFLICT (key_id) DO NOTHING""")
                        .setParameter(1, keyId).setParameter(2, chain.fingerprint(keyId)).executeUpdate();
            }
        }
        if (stored < chain.newestKeyId()) {
            LOG.warnf("Contact key %d is configured but the stored hashes are under key %d: rotate them "
                    + "(POST /contact-keys/rotations)", chain.newestKeyId(), stored);
        }
    }

    /**
     * Why the configured keys cannot be used with the stored hashes: a key id whose secret changed, or fewer keys
     * than the hashes are under, would silently stop every suppression and ASML entry from matching.
     */
    static Optional<String> refusal(int storedKeyId, Map<Integer, byte[]> recordedFingerprints, ContactKeyChain chain) {
        if (storedKeyId > chain.newestKeyId()) {
            return Optional.of("The stored contact keys are under key " + storedKeyId + " but only "
                    + chain.newestKeyId() + " keys are configured: add the missing ones to "
                    + "rekisteri.contact-keys.later-secrets");
        }
        for (int keyId = ContactKeyChain.FIRST_KEY_ID; keyId <= chain.newestKeyId(); keyId++) {
            byte[] recorded = recordedFingerprints.get(keyId);
            if (recorded != null && !Arrays.equals(recorded, chain.fingerprint(keyId))) {
                return Optional.of("Contact key " + keyId + " is not the key this database was hashed with: every "
                        + "suppression and ASML entry would stop matching. Restore the key");
            }
        }
        return Optional.empty();
    }

    @Transactional
    public State state() {
        Object[] row = (Object[]) entityManager.createNativeQuery(
                "SELECT key_id, rotated_at FROM contact_key_state").getSingleResult();
        int keyId = ((Number) row[0]).intValue();
        return new State(keyId, chain.newestKeyId(), keyId < chain.newestKeyId(), instant(row[1]));
    }

    private static Instant instant(Object timestamp) {
        if (timestamp == null || timestamp instanceof Instant) {
            return (Instant) timestamp;
        }
        if (timestamp instanceof OffsetDateTime offset) {
            return offset.toInstant();
        }
        return ((Timestamp) timestamp).toInstant();
    }

    /**
     * Re-keys every stored hash to key {@code to}, in one transaction; {@code to} must be the newest configured key,
     * named by the caller so that a rotation happens only when meant.
     */
    @Transactional
    public Rotation rotateTo(int to, String rotatedBy) {
        if (to != chain.newestKeyId()) {
            throw ProblemException.conflict("not-the-newest-contact-key", "The newest configured contact key is "
                    + chain.newestKeyId() + "; a rotation moves the stored hashes to it");
        }
        int from = ((Number) entityManager.createNativeQuery("SELECT key_id FROM contact_key_state FOR UPDATE")
                .getSingleResult()).intValue();
        if (from == to) {
            throw new ProblemException(Problem.of(409, "no-newer-contact-key", "No newer contact key",
                    "The stored hashes are under the newest configured key (" + to + "): add a key to "
                            + "rekisteri.contact-keys.later-secrets first", List.of()));
        }
        long[] rekeyed = entityManager.unwrap(Session.class).doReturningWork(connection -> rekey(connection, from, to));
        entityManager.createNativeQuery("""
                        UPDATE contact_key_state SET key_id = ?1, rotated_at = now(), rotated_by = ?2""")
                .setParameter(1, to).setParameter(2, rotatedBy).executeUpdate();
        LOG.infof("Contact keys rotated from key %d to key %d: %d customer keys, %d ASML entries, %d suppression "
                + "keys", from, to, rekeyed[0], rekeyed[1], rekeyed[2]);
        return new Rotation(from, to, rekeyed[0], rekeyed[1], rekeyed[2]);
    }

    /** Maps every distinct stored hash to its re-keyed value, then rewrites each table with one join. */
    private long[] rekey(Connection connection, int from, int to) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("""
                    CREATE TEMPORARY TABLE contact_key_rekeying (old_hash bytea PRIMARY KEY, new_hash bytea NOT NULL)
                    ON COMMIT DROP""");
        }
        try (PreparedStatement hashes = connection.prepareStatement("""
                     SELECT key_hash FROM customer_contact_key WHERE key_id = ?
                     UNION SELECT key_hash FROM asml_entry WHERE key_id = ?
                     UNION SELECT key_hash FROM suppression_key WHERE key_id = ?""");
             PreparedStatement insert = connection.prepareStatement("""
                     INSERT INTO contact_key_rekeying (old_hash, new_hash)
                     SELECT decode(m.old_hash, 'hex'), decode(m.new_hash, 'hex')
                     FROM unnest(CAST(? AS text[]), CAST(? AS text[])) AS m(old_hash, new_hash)""")) {
            for (int parameter = 1; parameter <= TABLES.size(); parameter++) {
                hashes.setInt(parameter, from);
            }
            hashes.setFetchSize(BATCH);
            List<String> olds = new ArrayList<>(BATCH);
            List<String> news = new ArrayList<>(BATCH);
            try (ResultSet rows = hashes.executeQuery()) {
                while (rows.next()) {
                    byte[] old = rows.getBytes(1);
                    olds.add(HEX.formatHex(old));
                    news.add(HEX.formatHex(chain.rekey(old, from, to)));
                    if (olds.size() == BATCH) {
                        insertMapping(connection, insert, olds, news);
                    }
                }
            }
            insertMapping(connection, insert, olds, news);
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("ANALYZE contact_key_rekeying");
        }
        long[] counts = new long[TABLES.size()];
        for (int i = 0; i < TABLES.size(); i++) {
            try (PreparedStatement update = connection.prepareStatement("UPDATE " + TABLES.get(i)
                    + " t SET key_hash = m.new_hash, key_id = ? FROM contact_key_rekeying m"
                    + " WHERE t.key_hash = m.old_hash AND t.key_id = ?")) {
                update.setInt(1, to);
                update.setInt(2, from);
                counts[i] = update.executeUpdate();
            }
        }
        return counts;
    }

    private static void insertMapping(Connection connection, PreparedStatement insert, List<String> olds,
            List<String> news) throws SQLException {
        if (olds.isEmpty()) {
            return;
        }
        Array oldArray = connection.createArrayOf("text", olds.toArray());
        Array newArray = connection.createArrayOf("text", news.toArray());
        try {
            insert.setArray(1, oldArray);
            insert.setArray(2, newArray);
            insert.executeUpdate();
        } finally {
            oldArray.free();
            newArray.free();
        }
        olds.clear();
        news.clear();
    }
}
