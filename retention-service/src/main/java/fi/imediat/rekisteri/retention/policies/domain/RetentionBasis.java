package fi.imediat.rekisteri.retention.policies.domain;

/** From when a category's retention period runs. */
public enum RetentionBasis {
    /** From the day the customer relationship ended: the retention clock of each customer. */
    AFTER_RELATIONSHIP_END,
    /** From the capture of each record (analytics events); the holder deletes on its own rolling schedule. */
    AFTER_CAPTURE,
    /** From the end of the accounting year the record belongs to (Kirjanpitolaki); holders answer RETAINED. */
    AFTER_ACCOUNTING_YEAR_END,
    /** Kept without a period: consent proofs and the suppression entry that keeps an objection honoured. */
    KEPT
}
