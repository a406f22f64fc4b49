package fi.imediat.rekisteri.consent.eligibility.domain;

/** Which record decided an exclusion; its id is that record's id (null for RELATIONSHIP and NO_CONSENT). */
public enum DecidingRecordKind {
    /** A standing prohibition (GET /customers/{id}/prohibitions). */
    PROHIBITION,
    /** A suppression entry left by an erased customer who had objected, matched on an e-mail or phone key. */
    SUPPRESSION,
    /** The consent history entry of the withdrawal. */
    CONSENT_CHANGE,
    /** The ASML import in force. */
    ASML_IMPORT,
    /** The customer relationship projected from customer-service's events. */
    RELATIONSHIP
}
