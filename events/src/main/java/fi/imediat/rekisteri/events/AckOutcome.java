package fi.imediat.rekisteri.events;

/** What a holder did with an event or request, per data category. */
public enum AckOutcome {
    ERASED,
    ANONYMISED,
    /** Kept under a legal obligation; the acknowledgement names the basis and the until-date. */
    RETAINED,
    APPLIED,
    NOT_HELD
}
