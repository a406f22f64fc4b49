package fi.imediat.rekisteri.platform.audit;

/** Why personal data is processed: the purposes of the privacy notice §4, plus the data subject's own rights. */
public enum ProcessingPurpose {
    /** Asiakassuhteen hoitaminen. */
    CUSTOMER_RELATIONSHIP,
    /** Asiakkaan ja I-Mediat Oy:n oikeuksien ja velvollisuuksien toteuttaminen. */
    RIGHTS_AND_OBLIGATIONS,
    /** Tutkimustoiminta. */
    RESEARCH,
    /** Asiakasetujen, mainonnan ja suoramarkkinoinnin suuntaaminen (without handing data to outsiders). */
    MARKETING_TARGETING,
    /** Arvonnat ja kilpailut. */
    PRIZE_DRAWS,
    /** The data subject exercising their rights (access, rectification, erasure, objection). */
    DATA_SUBJECT_RIGHTS,
    /** Supervision of abuse and the privacy officer's oversight. */
    SUPERVISION
}
