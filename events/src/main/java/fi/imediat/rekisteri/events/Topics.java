package fi.imediat.rekisteri.events;

/** Kafka topics of the set: one per producing service plus the holders' replies (DESIGN.md §3). */
public final class Topics {

    public static final String CUSTOMER = "rekisteri.customer.v1";
    public static final String CONSENT = "rekisteri.consent.v1";
    public static final String PRIVACY_REQUESTS = "rekisteri.privacy-requests.v1";
    public static final String PRIVACY_REPLIES = "rekisteri.privacy-replies.v1";

    private Topics() {
    }

    /** Where a consumer parks an event it cannot apply, so the partition keeps flowing. */
    public static String deadLetter(String topic) {
        return topic + ".dlq";
    }
}
