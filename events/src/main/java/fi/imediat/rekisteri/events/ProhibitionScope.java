package fi.imediat.rekisteri.events;

/** What a direct-marketing prohibition (objection, GDPR art. 21(3)) covers. */
public enum ProhibitionScope {
    DIRECT_MARKETING,
    DISTANCE_SELLING,
    ALL_MARKETING,
    DISCLOSURE
}
