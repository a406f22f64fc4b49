package fi.imediat.rekisteri.events;

/** Marketing and disclosure purposes a consent or prohibition applies to (docs/design.md §5). */
public enum Purpose {
    DIRECT_MARKETING,
    PARTNER_TARGETING,
    DISTANCE_SELLING,
    DISCLOSURE,
    RESEARCH,
    PRIZE_DRAWS
}
