package fi.imediat.rekisteri.events;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kafka topics of the set: one per producing service, and one replies topic per data holder (docs/design.md §3).
 * <p>
 * Each holder acknowledges on a topic of its own, {@code rekisteri.privacy-replies.<holder>.v1}, which only its
 * principal may write (docs/security.md): that is what binds an acknowledgement to its sender. A consumer reads every
 * holder's replies by {@link #PRIVACY_REPLIES_PATTERN} and refuses an acknowledgement whose {@code holder} is not the
 * holder of the topic it arrived on.
 */
public final class Topics {

    public static final String CUSTOMER = "rekisteri.customer.v1";
    public static final String CONSENT = "rekisteri.consent.v1";
    public static final String PRIVACY_REQUESTS = "rekisteri.privacy-requests.v1";
    /** What every holder's replies topic starts with: a consumer of all replies is granted reading by this prefix. */
    public static final String PRIVACY_REPLIES_PREFIX = "rekisteri.privacy-replies.";
    /** Every holder's replies topic (a holder id is lower-case letters, digits and hyphens). */
    public static final String PRIVACY_REPLIES_PATTERN = "rekisteri\\.privacy-replies\\.([a-z0-9][a-z0-9-]*)\\.v1";
    /** Where the consumers of the replies park the acknowledgements they cannot apply, whichever holder sent them. */
    public static final String PRIVACY_REPLIES_DEAD_LETTERS = "rekisteri.privacy-replies.v1.dlq";

    private static final Pattern REPLIES = Pattern.compile(PRIVACY_REPLIES_PATTERN);

    private Topics() {
    }

    /** The topic on which {@code holder}, and only it, acknowledges what it applied. */
    public static String privacyReplies(String holder) {
        return PRIVACY_REPLIES_PREFIX + holder + ".v1";
    }

    /** The holder whose replies topic {@code topic} is, or empty when it is no replies topic. */
    public static Optional<String> replyingHolder(String topic) {
        Matcher matcher = REPLIES.matcher(topic);
        return matcher.matches() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    /**
     * The holder id of the one service that publishes on {@code topic} (its producer), or empty for a replies topic.
     * The writer of a withdrawal, a prohibition or a closure applied it by committing it: it publishes no
     * {@code holder.acknowledged} of its own event, and the propagation ledger counts the event itself as the
     * writer's acknowledgement.
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
        return replyingHolder(topic).isPresent() ? PRIVACY_REPLIES_DEAD_LETTERS : topic + ".dlq";
    }
}
