package fi.imediat.rekisteri.events;

import java.util.Arrays;
import java.util.Optional;

/**
 * Every event of the set: the topic it travels on, its CloudEvents type and the Java record of its thin body.
 * An event that arrives on another topic than {@link #topic(Object)} names was not written by the owner of its type,
 * and consumers refuse it.
 * The JSON Schema of each body lives in {@code schemas/<name>.schema.json} beside these classes.
 */
public enum EventType {
    CUSTOMER_REGISTERED(Topics.CUSTOMER, "customer.registered", CustomerRegistered.class),
    CUSTOMER_UPDATED(Topics.CUSTOMER, "customer.updated", CustomerUpdated.class),
    SUBSCRIPTION_STARTED(Topics.CUSTOMER, "subscription.started", SubscriptionStarted.class),
    SUBSCRIPTION_ENDED(Topics.CUSTOMER, "subscription.ended", SubscriptionEnded.class),
    CUSTOMER_CLOSED(Topics.CUSTOMER, "customer.closed", CustomerClosed.class),
    CUSTOMER_ERASED(Topics.CUSTOMER, "customer.erased", CustomerErased.class),
    CONSENT_GRANTED(Topics.CONSENT, "consent.granted", ConsentGranted.class),
    CONSENT_WITHDRAWN(Topics.CONSENT, "consent.withdrawn", ConsentWithdrawn.class),
    PROHIBITION_ADDED(Topics.CONSENT, "prohibition.added", ProhibitionAdded.class),
    PROHIBITION_LIFTED(Topics.CONSENT, "prohibition.lifted", ProhibitionLifted.class),
    ERASURE_REQUESTED(Topics.PRIVACY_REQUESTS, "erasure.requested", ErasureRequested.class),
    ACCESS_REQUESTED(Topics.PRIVACY_REQUESTS, "access.requested", AccessRequested.class),
    /** On the replies topic of the acknowledging holder: {@link #topic(Object)}. */
    HOLDER_ACKNOWLEDGED(null, "holder.acknowledged", HolderAcknowledged.class);

    private static final String TYPE_PREFIX = "fi.imediat.rekisteri.";
    private static final String TYPE_VERSION = ".v1";

    private final String topic;
    private final String shortName;
    private final Class<?> bodyType;

    EventType(String topic, String shortName, Class<?> bodyType) {
        this.topic = topic;
        this.shortName = shortName;
        this.bodyType = bodyType;
    }

    /** The one topic of every event of this type; an acknowledgement has its holder's ({@link #topic(Object)}). */
    public String topic() {
        if (topic == null) {
            throw new IllegalStateException(this + " travels on the replies topic of its holder: topic(body)");
        }
        return topic;
    }

    /** The topic this event travels on: its type's, or for an acknowledgement the replies topic of its holder. */
    public String topic(Object body) {
        return body instanceof HolderAcknowledged acknowledgement ? Topics.privacyReplies(acknowledgement.holder())
                : topic();
    }

    /** The name used in the README and in schema file names, e.g. {@code consent.withdrawn}. */
    public String shortName() {
        return shortName;
    }

    /** The CloudEvents {@code type} attribute, e.g. {@code fi.imediat.rekisteri.consent.withdrawn.v1}. */
    public String ceType() {
        return TYPE_PREFIX + shortName + TYPE_VERSION;
    }

    public Class<?> bodyType() {
        return bodyType;
    }

    public String schemaResource() {
        return "/schemas/" + shortName + ".schema.json";
    }

    public static Optional<EventType> fromCeType(String ceType) {
        return Arrays.stream(values()).filter(t -> t.ceType().equals(ceType)).findFirst();
    }
}
