package fi.imediat.rekisteri.events;

import java.util.Optional;

/** Kafka topics of the set: one per producing service plus the holders' replies (docs/design.md §3). */
public final class Topics {

    public static final String CUSTOMER = "rekisteri.customer.v1";
    public static final String CONSENT = "rekisteri.consent.v1";
    public static final String PRIVACY_REQUESTS = "rekisteri.privacy-requests.v1";
    public static final String PRIVACY_REPLIES = "rekisteri.privacy-replies.v1";

    private Topics() {
    }

    /**
     * The holder id of the one service that publishes on {@code topic} (its producer), or empty for the
     * replies topic, which every holder writes. The writer of a withdrawal, a prohibition or a closure applied it by
     * committing it: it publishes no {@code holder.acknowledged} of its own event, and the propagation ledger counts
     * the event itself as the writer's acknowledgement.
     */
    public static Optional<String> writer(String topic) {
        return Optional.ofNullable(switch (topic) {
            case CUSTOMER -> "customer-service";
            case CONSENT -> "consent-service";
            case PRIVACY_REQUESTS -> "retention-service";
            default -> null;
        });
    }

    /** Where a consumer parks an event it cannot apply, so the partition keeps flowing. */
    public static String deadLetter(String topic) {
        return topic + ".dlq";
    }
}
