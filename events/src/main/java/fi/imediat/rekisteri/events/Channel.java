package fi.imediat.rekisteri.events;

/** Contact channels (DESIGN.md §5). */
public enum Channel {
    EMAIL,
    SMS,
    PHONE,
    POST,
    IN_APP
}
