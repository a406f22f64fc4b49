package fi.imediat.rekisteri.events;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Who may do what on the broker: the event contract's ownership as access rules, one principal per service and one
 * per external holder (docs/security.md, "Kafka"). The test and local brokers grant exactly these ACLs, and
 * deploy-check holds the Kubernetes {@code KafkaUser}s to them, so the rules are written once.
 * <p>
 * A service writes its own topic, the replies topic and the dead letters of what it consumes; it reads the topics it
 * consumes and their dead letters (to replay them, which it does by applying the originals again, never by
 * writing another's topic), in its own consumer groups; its outbox relay's transactions are its own. retention-service alone writes privacy requests. An external holder reads privacy
 * requests and consent changes and writes only replies, in consumer groups named after itself.
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
    public record Grant(String principal, Set<String> writes, Set<String> reads, Set<String> groups,
            Set<String> groupPrefixes, Set<String> transactionalIdPrefixes) {
    }

    private BrokerAccess() {
    }

    public static List<Grant> services() {
        return List.of(
                service(CUSTOMER_SERVICE, Topics.CUSTOMER, Topics.CONSENT, Topics.PRIVACY_REQUESTS),
                service(CONSENT_SERVICE, Topics.CONSENT, Topics.CUSTOMER, Topics.PRIVACY_REQUESTS,
                        Topics.PRIVACY_REPLIES),
                service(RETENTION_SERVICE, Topics.PRIVACY_REQUESTS, Topics.CUSTOMER, Topics.CONSENT,
                        Topics.PRIVACY_REQUESTS, Topics.PRIVACY_REPLIES));
    }

    /** A system outside this repository that holds customer data and acknowledges what it applied. */
    public static Grant externalHolder(String holderId) {
        return new Grant(holderId, Set.of(Topics.PRIVACY_REPLIES), Set.of(Topics.PRIVACY_REQUESTS, Topics.CONSENT),
                Set.of(), Set.of(holderId), Set.of());
    }

    /** Every topic of the contract with its dead letters: what a broker must have before the services start. */
    public static Set<String> topics() {
        Set<String> topics = new LinkedHashSet<>();
        for (Grant service : services()) {
            topics.addAll(service.writes());
            topics.addAll(service.reads());
        }
        return topics;
    }

    private static Grant service(String name, String ownTopic, String... consumed) {
        Set<String> writes = new LinkedHashSet<>(List.of(ownTopic, Topics.PRIVACY_REPLIES));
        Set<String> reads = new LinkedHashSet<>();
        for (String topic : consumed) {
            reads.add(topic);
            reads.add(Topics.deadLetter(topic));
            writes.add(Topics.deadLetter(topic));
        }
        return new Grant(name, Set.copyOf(writes), Set.copyOf(reads), Set.of(name, name + DEAD_LETTER_REPLAY_GROUP_SUFFIX),
                Set.of(), Set.of(RELAY_TRANSACTION_PREFIX + name));
    }
}
