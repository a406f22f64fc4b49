package fi.imediat.rekisteri.platform.security;

/** Realm roles of docs/design.md §7 (see deploy/keycloak/rekisteri-realm.json). */
public final class Roles {

    public static final String AGENT = "customer-service-agent";
    public static final String MARKETING = "marketing";
    public static final String PRIVACY_OFFICER = "privacy-officer";
    public static final String CUSTOMER = "customer";
    /** Service accounts of I-Mediat systems that use the register (registration, rectification, targeting). */
    public static final String SERVICE = "rekisteri-service";
    /** consent-service's account: customers' contact data, for its keyed hashes (ASML matching, suppression). */
    public static final String CONTACT_READER = "contact-reader";
    /** retention-service's account: each service's export of a customer, for an access request. */
    public static final String EXPORTER = "data-exporter";
    /** Service accounts of external systems that hold customer data. */
    public static final String DATA_HOLDER = "data-holder";

    private Roles() {
    }
}
