package fi.imediat.rekisteri.platform.audit;

public enum AuditOutcome {
    SUCCESS,
    /** The caller asked for a record it may not see (answered as not found). */
    DENIED
}
