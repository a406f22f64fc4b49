package fi.imediat.rekisteri.testsupport;

import fi.imediat.rekisteri.events.BrokerAccess;
import fi.imediat.rekisteri.infra.KafkaClients;
import org.eclipse.microprofile.config.ConfigProvider;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The test broker's principals and how a test connects as one of them. Besides the services and an external holder
 * (each with the contract's rights, {@link BrokerAccess}) there is an {@link #INTRUDER}: a client that authenticates
 * but was granted nothing, as a stolen or misconfigured account would.
 */
public final class TestKafka {

    /** Where the broker keeps each principal's client settings; the test infrastructure sets it. */
    public static final String CLIENTS = "rekisteri.test.kafka-clients";
    public static final String EXTERNAL_HOLDER = "newsletter-platform";
    public static final String INTRUDER = "intruder";
    /**
     * Every external holder that a test acknowledges as: each has a principal and its replies topic, as an onboarded
     * holder has in production (deploy/kubernetes/README.md).
     */
    public static final List<String> EXTERNAL_HOLDERS = List.of(EXTERNAL_HOLDER, "crm", "late-crm",
            "newsletter-access-test");

    static final List<BrokerAccess.Grant> PRINCIPALS = Stream.of(
            BrokerAccess.services().stream(),
            EXTERNAL_HOLDERS.stream().map(BrokerAccess::externalHolder),
            Stream.of(new BrokerAccess.Grant(INTRUDER, Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), Set.of())))
            .flatMap(grants -> grants).toList();

    private TestKafka() {
    }

    /** The clients of the broker of this test JVM (inside a Quarkus test, where its configuration is readable). */
    public static KafkaClients clients() {
        return new KafkaClients(ConfigProvider.getConfig().getValue(CLIENTS, Path.class));
    }
}
