package fi.imediat.rekisteri.events;

/** Why a customer account was closed. */
public enum ClosureReason {
    CUSTOMER_REQUEST,
    RELATIONSHIP_ENDED,
    ABUSE
}
