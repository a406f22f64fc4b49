package fi.imediat.rekisteri.events;

/** The data categories of the privacy notice §5; every stored value belongs to one. */
public enum DataCategory {
    /** Name, age, postal addresses, e-mails, phones, occupation. */
    BASIC_DATA,
    /** Username and customer number. */
    IDENTIFICATION,
    /** Services acquired with start and end, service authentication data, use of services and benefits. */
    CUSTOMERSHIP,
    /** Direct-marketing permissions and prohibitions. */
    MARKETING_PERMISSIONS,
    /** Event and usage analytics. */
    ANALYTICS,
    /** Billing and debt collection. */
    BILLING,
    /** Interests and other self-given data. */
    SELF_GIVEN
}
