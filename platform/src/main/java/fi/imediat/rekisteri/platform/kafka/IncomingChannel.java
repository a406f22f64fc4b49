package fi.imediat.rekisteri.platform.kafka;

import org.eclipse.microprofile.config.Config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An incoming Kafka channel as the service configures it ({@code mp.messaging.incoming.<name>.*}): the topics it
 * consumes (one, or every topic its pattern matches, as the holders' replies), the consumer group that reads them and
 * where its poison records go. Read from the configuration so the lag metrics and the dead-letter replay follow
 * exactly what the connector consumes.
 */
public record IncomingChannel(String name, String topic, boolean pattern, String groupId,
        Optional<String> deadLetterTopic) {

    private static final Pattern INCOMING_TOPIC = Pattern.compile("mp\\.messaging\\.incoming\\.([^.]+)\\.topic");

    /** Whether this channel consumes {@code candidate}. */
    public boolean consumes(String candidate) {
        return pattern ? Pattern.matches(topic, candidate) : topic.equals(candidate);
    }

    public static List<IncomingChannel> all(Config config) {
        List<IncomingChannel> found = new ArrayList<>();
        for (String property : config.getPropertyNames()) {
            Matcher matcher = INCOMING_TOPIC.matcher(property);
            if (!matcher.matches()) {
                continue;
            }
            String name = matcher.group(1);
            String prefix = "mp.messaging.incoming." + name + ".";
            String groupId = config.getOptionalValue(prefix + "group.id", String.class)
                    .or(() -> config.getOptionalValue("mp.messaging.connector.smallrye-kafka.group.id", String.class))
                    .orElseGet(() -> config.getValue("quarkus.application.name", String.class));
            found.add(new IncomingChannel(name, config.getValue(property, String.class),
                    config.getOptionalValue(prefix + "pattern", Boolean.class).orElse(false), groupId,
                    config.getOptionalValue(prefix + "dead-letter-queue.topic", String.class)));
        }
        return found;
    }
}
