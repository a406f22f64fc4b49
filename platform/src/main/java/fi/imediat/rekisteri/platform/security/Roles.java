package fi.imediat.rekisteri.platform.security;

/** Realm roles of docs/design.md §7 (see deploy/keycloak/rekisteri-realm.json). */
public final class Roles {

    public static final String AGENT = "customer-service-agent";
    public static final String MARKETING = "marketing";
    public static final String PRIVACY_OFFICER = "privacy-officer";
    public static final String CUSTOMER = "customer";
    /** Service accounts of the Rekisteri services themselves. */
    public static final String SERVICE = "rekisteri-service";
    /** Service accounts of external systems that hold customer data. */
    public static final String DATA_HOLDER = "data-holder";

    private Roles() {
    }
}
