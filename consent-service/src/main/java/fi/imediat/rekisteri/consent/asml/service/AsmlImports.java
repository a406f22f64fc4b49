package fi.imediat.rekisteri.consent.asml.service;

import fi.imediat.rekisteri.consent.asml.domain.AsmlLine;
import fi.imediat.rekisteri.consent.contactkeys.domain.ContactKey;
import fi.imediat.rekisteri.consent.contactkeys.service.ContactKeyChain;
import fi.imediat.rekisteri.consent.contactkeys.service.ContactKeyRotation;
import fi.imediat.rekisteri.consent.contactkeys.service.ContactKeys;
import fi.imediat.rekisteri.events.Channel;
import fi.imediat.rekisteri.platform.locking.TransactionLocks;
import fi.imediat.rekisteri.platform.problem.Problem;
import fi.imediat.rekisteri.platform.problem.ProblemException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import org.jboss.logging.Logger;

import javax.sql.DataSource;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Imports the ASML prohibition register as a whole. The file is read line by line and its keys are written in
 * batches (each its own transaction) into a new generation that no reader looks at yet; when the file is through,
 * one short transaction makes it the generation in force, and the previous one is deleted. Readers see the old list
 * or the new one, never half of one; memory does not grow with the file.
 */
@ApplicationScoped
public class AsmlImports {

    private static final Logger LOG = Logger.getLogger(AsmlImports.class);
    private static final int BATCH = 5_000;
    /** The report lists this many rejected lines; the count covers all of them. */
    static final int REJECTIONS_LISTED = 1_000;

    public record Rejection(long line, String reason) {
    }

    public record Report(UUID importId, long accepted, long rejectedCount, List<Rejection> rejected) {
    }

    private final EntityManager entityManager;
    private final DataSource dataSource;
    private final TransactionLocks locks;
    private final ContactKeys contactKeys;
    private final ContactKeyChain chain;
    private final ContactKeyRotation rotation;

    AsmlImports(EntityManager entityManager, DataSource dataSource, TransactionLocks locks, ContactKeys contactKeys,
            ContactKeyChain chain, ContactKeyRotation rotation) {
        this.entityManager = entityManager;
        this.dataSource = dataSource;
        this.locks = locks;
        this.contactKeys = contactKeys;
        this.chain = chain;
        this.rotation = rotation;
    }

    public Report importAll(InputStream csv, String importedBy) {
        UUID importId = QuarkusTransaction.requiringNew().call(() -> start(importedBy));
        try {
            Report report = load(importId, csv);
            if (report.accepted() == 0) {
                throw new ProblemException(Problem.of(422, "asml-empty", "Unprocessable request",
                        "The file has no valid line; the list in force was kept", List.of()));
            }
            QuarkusTransaction.requiringNew().run(() -> switchTo(report));
            QuarkusTransaction.requiringNew().run(() -> deleteEntriesExcept(importId));
            return report;
        } catch (RuntimeException e) {
            QuarkusTransaction.requiringNew().run(() -> discard(importId));
            throw e;
        }
    }

    private UUID start(String importedBy) {
        locks.lock("asml-import");
        boolean running = !entityManager.createNativeQuery("""
                        SELECT 1 FROM asml_import
                        WHERE accepted IS NULL AND started_at > now() - interval '1 hour'""")
                .getResultList().isEmpty();
        if (running) {
            throw ProblemException.conflict("asml-import-running", "Another ASML import is running");
        }
        UUID id = UUID.randomUUID();
        entityManager.createNativeQuery(
                        "INSERT INTO asml_import (id, started_at, imported_by) VALUES (?1, ?2, ?3)")
                .setParameter(1, id).setParameter(2, Instant.now()).setParameter(3, importedBy).executeUpdate();
        return id;
    }

    private Report load(UUID importId, InputStream csv) {
        long accepted = 0;
        long rejectedCount = 0;
        List<Rejection> rejected = new ArrayList<>();
        List<String> channels = new ArrayList<>(BATCH);
        List<byte[]> hashes = new ArrayList<>(BATCH);
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(csv, StandardCharsets.UTF_8))) {
            String header = reader.readLine();
            if (header == null || !AsmlLine.HEADER.equalsIgnoreCase(header.strip().replace("\uFEFF", ""))) {
                throw new ProblemException(Problem.of(400, "asml-header", "Invalid file",
                        "The first line must be the header " + AsmlLine.HEADER, List.of()));
            }
            long number = 1;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                String rejection = entries(AsmlLine.parse(line), channels, hashes);
                if (rejection == null) {
                    accepted++;
                } else if (rejectedCount++ < REJECTIONS_LISTED) {
                    rejected.add(new Rejection(number, rejection));
                }
                if (hashes.size() >= BATCH) {
                    insert(importId, channels, hashes);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        insert(importId, channels, hashes);
        return new Report(importId, accepted, rejectedCount, rejected);
    }

    /** Adds the line's keys x prohibited channels; returns why the line was rejected, or null. */
    private String entries(AsmlLine.Parsed parsed, List<String> channels, List<byte[]> hashes) {
        if (parsed.line().isEmpty()) {
            return parsed.rejection();
        }
        AsmlLine line = parsed.line().get();
        List<ContactKey> keys = new ArrayList<>(2);
        contactKeys.nameAndAddress(line.lastName(), line.firstNames(), line.street(), line.postalCode())
                .ifPresent(keys::add);
        if (!line.phone().isEmpty()) {
            Optional<ContactKey> phone = contactKeys.phone(line.phone());
            if (phone.isEmpty()) {
                return "phone is not a valid phone number";
            }
            keys.add(phone.get());
        }
        if (keys.isEmpty()) {
            return "neither a complete name and address (last_name, first_names, street, postal_code) nor a phone";
        }
        for (Channel channel : line.prohibited()) {
            for (ContactKey key : keys) {
                channels.add(channel.name());
                hashes.add(key.hash());
            }
        }
        return null;
    }

    /** Writes a batch of keys (under key 1) re-keyed to the current key, in a transaction of its own. */
    private void insert(UUID importId, List<String> channels, List<byte[]> hashes) {
        if (hashes.isEmpty()) {
            return;
        }
        QuarkusTransaction.requiringNew().run(() -> {
            int keyId = rotation.currentKeyId();
            Object[] stored = hashes.stream().map(hash -> HexFormat.of().formatHex(
                    chain.rekey(hash, ContactKeyChain.FIRST_KEY_ID, keyId))).toArray();
            try (Connection connection = dataSource.getConnection();
                 PreparedStatement insert = connection.prepareStatement("""
                         INSERT INTO asml_entry (import_id, channel, key_hash, key_id)
                         SELECT ?, t.channel, decode(t.hash, 'hex'), ?
                         FROM unnest(CAST(? AS text[]), CAST(? AS text[])) AS t(channel, hash)
                         ON CONFLICT DO NOTHING""")) {
                insert.setObject(1, importId);
                insert.setInt(2, keyId);
                insert.setArray(3, connection.createArrayOf("text", channels.toArray()));
                insert.setArray(4, connection.createArrayOf("text", stored));
                insert.executeUpdate();
            } catch (SQLException e) {
                throw new IllegalStateException("Writing ASML entries failed", e);
            }
        });
        channels.clear();
        hashes.clear();
    }

    private void switchTo(Report report) {
        locks.lock("asml-current");
        entityManager.createNativeQuery("""
                        UPDATE asml_import SET accepted = ?2, rejected = ?3, current_since = now() WHERE id = ?1""")
                .setParameter(1, report.importId()).setParameter(2, report.accepted())
                .setParameter(3, report.rejectedCount()).executeUpdate();
        entityManager.createNativeQuery("""
                        INSERT INTO asml_current (singleton, import_id) VALUES (true, ?1)
                        ON CONFLICT (singleton) DO UPDATE SET import_id = ?1""")
                .setParameter(1, report.importId()).executeUpdate();
        LOG.infof("ASML import %s in force: %d lines accepted, %d rejected", report.importId(), report.accepted(),
                report.rejectedCount());
    }

    private void deleteEntriesExcept(UUID current) {
        entityManager.createNativeQuery("DELETE FROM asml_entry WHERE import_id <> ?1")
                .setParameter(1, current).executeUpdate();
    }

    private void discard(UUID importId) {
        entityManager.createNativeQuery("DELETE FROM asml_entry WHERE import_id = ?1")
                .setParameter(1, importId).executeUpdate();
        entityManager.createNativeQuery("DELETE FROM asml_import WHERE id = ?1")
                .setParameter(1, importId).executeUpdate();
    }
}
