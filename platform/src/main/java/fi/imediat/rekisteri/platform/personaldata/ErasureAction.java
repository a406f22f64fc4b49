package fi.imediat.rekisteri.platform.personaldata;

/** What an erasure of a customer does to a table's rows about them. */
public enum ErasureAction {
    /** The rows are deleted. */
    ERASE,
    /** The rows stay with only columns that no longer say anything about the person. */
    ANONYMISE,
    /** The rows stay as they are (some free text may be cleared), for a legal basis and a time. */
    RETAIN,
    /** The row stays, still found by the person's key, with only the kept columns. */
    TOMBSTONE
}
