package fi.imediat.rekisteri.consent.eligibility.domain;

/** Why a customer may be contacted. */
public enum Basis {
    /** An explicit opt-in for this purpose and channel. */
    CONSENT,
    /** E-mail or SMS marketing of I-Mediat's own similar products within an active customer relationship. */
    SOFT_OPT_IN,
    /** Phone, post or in-app contact within an active customer relationship, the customer not having objected. */
    LEGITIMATE_INTEREST
}
