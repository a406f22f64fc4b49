package fi.imediat.rekisteri.platform.audit;

public enum AuditAction {
    CREATE,
    READ,
    UPDATE,
    DELETE,
    EXPORT
}
