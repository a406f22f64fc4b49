package fi.imediat.rekisteri.customer.customers.domain;

public enum CustomerStatus {
    ACTIVE,
    CLOSED,
    /** A tombstone: no personal data left, kept so that later events for the id are recognised. */
    ERASED
}
