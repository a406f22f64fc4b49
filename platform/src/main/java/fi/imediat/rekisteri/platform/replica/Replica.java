package fi.imediat.rekisteri.platform.replica;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * This replica's identity towards Kafka, stable across restarts ({@link ReplicaConfig#id()}). A restarted replica
 * takes back what its previous process held: the outbox relay's transactional id (the new producer aborts the dead
 * one's open transaction at once, instead of every {@code read_committed} reader waiting for it to time out) and its
 * consumers' static group membership (their partitions come back without a rebalance or waiting out the session).
 */
@ApplicationScoped
public class Replica {

    /** What Kafka accepts in a {@code group.instance.id}; anything else becomes {@code -}. */
    private static final Pattern NOT_ALLOWED = Pattern.compile("[^a-zA-Z0-9._-]");

    private final String id;

    public Replica(ReplicaConfig config, @ConfigProperty(name = "quarkus.http.port") int httpPort) {
        this.id = kafkaName(config.id().orElseGet(() -> hostName() + "-" + httpPort));
    }

    public String id() {
        return id;
    }

    /** {@code name} with every character Kafka refuses in a group instance id replaced by {@code -}. */
    public static String kafkaName(String name) {
        return NOT_ALLOWED.matcher(name).replaceAll("-");
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            // A host whose own name does not resolve: one replica per port on it still gets its own id.
            return "localhost";
        }
    }
}
