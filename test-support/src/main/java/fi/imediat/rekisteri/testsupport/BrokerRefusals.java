package fi.imediat.rekisteri.testsupport;

import fi.imediat.rekisteri.events.EventType;
import fi.imediat.rekisteri.infra.KafkaClients;
import org.apache.kafka.common.errors.AuthorizationException;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Assertions that the broker refuses a send: for lack of a right (ACLs), or for lack of credentials. */
public final class BrokerRefusals {

    private BrokerRefusals() {
    }

    /** The broker refuses {@code publisher}'s event for authorisation: the principal may not write its topic. */
    public static void assertNotAuthorised(EventPublisher publisher, EventType type, UUID customer, Object body) {
        try (publisher) {
            List<Throwable> causes = causes(sendFailure(() -> publisher.publish(type, customer, body)));
            if (causes.stream().noneMatch(AuthorizationException.class::isInstance)) {
                throw new AssertionError("refused for another reason than authorisation: " + causes);
            }
        }
    }

    /** Without credentials the connection itself fails: no metadata, so no send, before the publisher's timeout. */
    public static void assertRefusedWithoutCredentials(KafkaClients clients, EventType type, UUID customer,
            Object body) {
        try (EventPublisher anonymous = EventPublisher.anonymous(clients)) {
            sendFailure(() -> anonymous.publish(type, customer, body));
        }
    }

    private static IllegalStateException sendFailure(Runnable send) {
        try {
            send.run();
        } catch (IllegalStateException refused) {
            return refused;
        }
        throw new AssertionError("the broker accepted the event");
    }

    private static List<Throwable> causes(Throwable failure) {
        List<Throwable> causes = new ArrayList<>();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            causes.add(t);
        }
        return causes;
    }
}
