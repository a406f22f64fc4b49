package fi.imediat.rekisteri.events;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Who may do what on the broker: the event contract's ownership as access rules, one principal per service and one
 * per external holder (docs/security.md, "Kafka"). The test and local brokers grant exactly these ACLs, and
 * deploy-check holds the Kubernetes {@code KafkaUser}s and docker-compose's deploy/docker/kafka-setup.sh to them, so
 * the rules are written once.
 * <p>
 * A service writes its own topic, its own replies topic and the dead letters of what it consumes; it reads the topics
 * it consumes and their dead letters (to replay them, which it does by applying the originals again, never by
 * writing another's topic), in its own consumer groups; its outbox relay's transactions are its own. retention-service
 * alone writes privacy requests. An external holder reads privacy requests and consent changes and writes only its
 * own replies topic, in consumer groups named after itself. A principal is named as its holder id, so writing
 * {@code rekisteri.privacy-replies.<holder>.v1} is what proves an acknowledgement is the holder's.
 */
public final class BrokerAccess {

    public static final String CUSTOMER_SERVICE = "customer-service";
    public static final String CONSENT_SERVICE = "consent-service";
    public static final String RETENTION_SERVICE = "retention-service";
    /** A service's dead-letter replay remembers its progress in the group {@code <service><this suffix>}. */
    public static final String DEAD_LETTER_REPLAY_GROUP_SUFFIX = "-dead-letter-replay";
    /** The outbox relay's transactional ids start with this and the service's name. */
    public static final String RELAY_TRANSACTION_PREFIX = "outbox-relay-";

    /**
     * What one principal may do. Topics, consumer groups and transactional ids are literal names unless they are in a
     * {@code ...Prefixes} set.
     */
    public record Grant(String principal, Set<String> writes, Set<String> reads, Set<String> readPrefixes,
            Set<String> groups, Set<String> groupPrefixes, Set<String> transactionalIdPrefixes) {
    }

    private BrokerAccess() {
    }

    public static List<Grant> services() {
        return List.of(
                service(CUSTOMER_SERVICE, Topics.CUSTOMER, false, Topics.CONSENT, Topics.PRIVACY_REQUESTS),
                service(CONSENT_SERVICE, Topics.CONSENT, true, Topics.CUSTOMER, Topics.PRIVACY_REQUESTS),
                service(RETENTION_SERVICE, Topics.PRIVACY_REQUESTS, true, Topics.CUSTOMER, Topics.CONSENT,
                        Topics.PRIVACY_REQUESTS));
    }

    /** A system outside this repository that holds customer data and acknowledges what it applied. */
    public static Grant externalHolder(String holderId) {
        return new Grant(holderId, Set.of(Topics.privacyReplies(holderId)),
                Set.of(Topics.PRIVACY_REQUESTS, Topics.CONSENT), Set.of(), Set.of(), Set.of(holderId), Set.of());
    }

    /**
     * The topics that {@code grants} name: what a broker must have before their principals start. Every replies
     * topic is one holder's, so a new holder brings its own.
     */
    public static Set<String> topics(List<Grant> grants) {
        Set<String> topics = new LinkedHashSet<>();
        for (Grant grant : grants) {
            topics.addAll(grant.writes());
            topics.addAll(grant.reads());
        }
        return topics;
    }

    /**
     * @param readsReplies whether the service follows every holder's acknowledgements (a prefix grant, so a holder
     *                     added later is read without a new ACL)
     */
    private static Grant service(String name, String ownTopic, boolean readsReplies, String... consumed) {
        Set<String> writes = new LinkedHashSet<>(List.of(ownTopic, Topics.privacyReplies(name)));
        Set<String> reads = new LinkedHashSet<>();
        for (String topic : consumed) {
            reads.add(topic);
            reads.add(Topics.deadLetter(topic));
            writes.add(Topics.deadLetter(topic));
        }
        if (readsReplies) {
            reads.add(Topics.PRIVACY_REPLIES_DEAD_LETTERS);
            writes.add(Topics.PRIVACY_REPLIES_DEAD_LETTERS);
        }
        return new Grant(name, Set.copyOf(writes), Set.copyOf(reads),
                readsReplies ? Set.of(Topics.PRIVACY_REPLIES_PREFIX) : Set.of(),
                Set.of(name, name + DEAD_LETTER_REPLAY_GROUP_SUFFIX), Set.of(), Set.of(RELAY_TRANSACTION_PREFIX + name));
    }
}
