package fi.imediat.rekisteri.events;

/** The three erasure triggers of the privacy notice §5. */
public enum ErasureReason {
    DATA_SUBJECT_REQUEST,
    RETENTION_EXPIRED,
    ABUSE
}
