package fi.imediat.rekisteri.events;

/** Contact channels (docs/design.md §5). */
public enum Channel {
    EMAIL,
    SMS,
    PHONE,
    POST,
    IN_APP
}
