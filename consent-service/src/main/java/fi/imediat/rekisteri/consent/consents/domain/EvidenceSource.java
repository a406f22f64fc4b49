package fi.imediat.rekisteri.consent.consents.domain;

/** Where a consent change was captured. */
public enum EvidenceSource {
    WEB_FORM,
    CUSTOMER_SERVICE,
    IMPORT,
    APP,
    /** Withdrawn by the system itself, e.g. when the customer asked to close the account. */
    ACCOUNT_CLOSURE
}
