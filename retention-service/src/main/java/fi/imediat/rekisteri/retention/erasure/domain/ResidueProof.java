package fi.imediat.rekisteri.retention.erasure.domain;

import fi.imediat.rekisteri.events.DataCategory;
import fi.imediat.rekisteri.platform.personaldata.ErasureAction;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The proof of what a completed erasure left behind, for the privacy officer: every holder's residue scan of the
 * customer, per table {@code nothing left} or {@code kept: basis, until}. Ids, table names, categories and counts
 * only, never a value.
 *
 * @param residueFound whether any holder keeps anything its declaration does not allow
 * @param everyHolderAnswered whether every holder was scanned or found nothing (none without a residue URL, none
 *         failed): only then does {@code residueFound = false} speak for all of them
 */
public record ResidueProof(UUID requestId, UUID customerId, Instant completedAt, Instant scannedAt,
        boolean residueFound, boolean everyHolderAnswered, List<HolderResidue> holders) {

    /** How a holder answered. */
    public enum Scan {
        /** Scanned: its tables follow. */
        SCANNED,
        /** Its scan found nothing at all about the customer (it answered 404). */
        NOTHING_FOUND,
        /** The holder advertises no residue URL: it is not scanned. */
        NOT_SUPPORTED,
        /** The scan could not be made (the reason: a status code or an exception type). */
        FAILED
    }

    /** @param detail why a holder was not scanned; null when it was */
    public record HolderResidue(String holder, Scan scan, String detail, List<TableAnswer> tables) {
    }

    /**
     * @param answer {@code nothing left}, {@code kept: <basis>, until <when>}, or {@code not allowed: <finding>}
     * @param until how long the declaration keeps what is left (RETAIN, TOMBSTONE)
     */
    public record TableAnswer(String table, List<DataCategory> categories, long rows, ErasureAction treatment,
            boolean allowed, String answer, String basis, String until) {
    }
}
