package fi.imediat.rekisteri.consent.contactkeys.domain;

/** What a keyed hash was computed from. */
public enum ContactKeyKind {
    /** Normalised last name, first given name, street and postal code of the primary postal address. */
    NAME_ADDRESS,
    /** A phone number in E.164. */
    PHONE,
    /** An e-mail address, lower case. */
    EMAIL
}
