package fi.imediat.rekisteri.consent.eligibility.domain;

/** Why a customer may not be contacted for a purpose on a channel (README: consent-service, marketing rules). */
public enum ExclusionReason {
    /** No basis: no opt-in where one is needed, or no customer relationship (also an id this service never saw). */
    NO_CONSENT,
    /** The customer withdrew their consent for this purpose and channel. */
    WITHDRAWN,
    /** A standing prohibition covers the purpose and channel, or the customer's contact keys are suppressed. */
    PROHIBITED,
    /** Phone or addressed post, and the customer is on the ASML prohibition register. */
    ASML,
    /** The customer relationship was closed for abuse, or it ended and it was the only basis. */
    CLOSED,
    /** The customer was erased. */
    ERASED,
    /** E-mail or SMS direct marketing relied on the soft opt-in, which ended with the customer relationship. */
    SOFT_OPT_IN_ENDED
}
