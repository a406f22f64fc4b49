package fi.imediat.rekisteri.systemtest;

import fi.imediat.rekisteri.events.CloudEventHeaders;
import fi.imediat.rekisteri.infra.EmbeddedPostgresServer;
import fi.imediat.rekisteri.infra.KafkaClients;
import fi.imediat.rekisteri.infra.LocalStack;
import fi.imediat.rekisteri.infra.Ports;
import fi.imediat.rekisteri.testsupport.TestPersonalData;
import fi.imediat.rekisteri.testsupport.Tokens;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;

/**
 * The set under test, started as the run command starts it (three service processes, PostgreSQL, a Kafka broker
 * process, Keycloak) once for every system test class of the JVM, and stopped when the JVM exits.
 */
final class TheSet {

    /**
     * What the simulated-years test needs of every service: a clock it can move (never in production), jobs that
     * look often enough to see a day go by, and no nightly sweep of the real clock's (the test starts its own).
     */
    private static final Map<String, String> SIMULATION = Map.of(
            "REKISTERI_TIME_MOVABLE", "true",
            "REKISTERI_SUBSCRIPTIONS_PLANNED_END_CHECK", "PT0.5S",
            "REKISTERI_ANALYTICS_PURGE_INTERVAL", "PT0.5S",
            "REKISTERI_ACCESS_REPORT_CLEANUP", "PT0.5S",
            "REKISTERI_ACCESS_FETCH_INTERVAL", "PT0.5S",
            "REKISTERI_INBOX_CLEANUP_INTERVAL", "PT0.5S",
            "REKISTERI_SWEEP_CRON", "off");

    private static LocalStack stack;
    private static Tokens tokens;

    private TheSet() {
    }

    static synchronized LocalStack stack() {
        if (stack == null) {
            Path root = Path.of(System.getProperty("rekisteri.root")).toAbsolutePath();
            Path javaHome = Path.of(System.getProperty("java.home"));
            String keycloakJava = System.getenv("KEYCLOAK_JAVA_HOME");
            try {
                stack = LocalStack.start(new LocalStack.Settings(root,
                        Files.createDirectories(root.resolve("system-tests/target/stack")), false,
                        EmbeddedPostgresServer.Durability.FAST, 0, 0, 0,
                        LocalStack.defaultServices(Ports.free(), Ports.free(), Ports.free()), javaHome,
                        Path.of(System.getProperty("java.io.tmpdir"), "rekisteri-test-keycloak"),
                        keycloakJava == null || keycloakJava.isBlank() ? javaHome : Path.of(keycloakJava),
                        SIMULATION));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "stop-the-set"));
            tokens = new Tokens(stack.keycloak().realmUrl());
        }
        return stack;
    }

    static Tokens tokens() {
        stack();
        return tokens;
    }

    /** A JSON request to {@code service} as {@code user} (one of {@link Tokens}' users). */
    static RequestSpecification as(String service, String user) {
        return given().baseUri(stack().service(service).baseUrl())
                .auth().oauth2(tokens().user(user))
                .contentType(ContentType.JSON);
    }

    /** {@code count} customers registered through customer-service with a name only; their ids in that order. */
    static List<String> registerCustomers(int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(as("customer-service", Tokens.AGENT)
                    .body(Map.of("firstName", TestPersonalData.FIRST_NAME, "lastName", TestPersonalData.LAST_NAME))
                    .when().post("/customers")
                    .then().statusCode(201).extract().path("id"));
        }
        return ids;
    }

    /** A customer registered with a name, birth date and the e-mail {@code emailLocalPart}@… of the test data. */
    static UUID registerCustomerWithEmail(String emailLocalPart) {
        return UUID.fromString(as("customer-service", Tokens.AGENT)
                .body(Map.of("firstName", TestPersonalData.FIRST_NAME, "lastName", TestPersonalData.LAST_NAME,
                        "email", TestPersonalData.email(emailLocalPart), "birthDate", TestPersonalData.BIRTH_DATE))
                .when().post("/customers")
                .then().statusCode(201).extract().path("id"));
    }

    /**
     * {@code SELECT count(*) …} in a service's own database, for checks the REST interface does not answer. A
     * collection parameter is passed as an SQL array ({@code uuid[]} of UUIDs, else {@code text[]}).
     */
    static int count(String database, String sql, Object... parameters) throws SQLException {
        try (Connection connection = DriverManager.getConnection(stack().postgres().jdbcUrl(database),
                EmbeddedPostgresServer.USER, "");
             PreparedStatement query = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                if (parameters[i] instanceof Collection<?> values) {
                    boolean uuids = !values.isEmpty() && values.iterator().next() instanceof UUID;
                    query.setArray(i + 1, connection.createArrayOf(uuids ? "uuid" : "text", values.toArray()));
                } else {
                    query.setObject(i + 1, parameters[i]);
                }
            }
            try (ResultSet result = query.executeQuery()) {
                result.next();
                return result.getInt(1);
            }
        }
    }

    /** A connection to a service's own database, for checks that need more than a count. */
    static Connection database(String database) throws SQLException {
        return DriverManager.getConnection(stack().postgres().jdbcUrl(database), EmbeddedPostgresServer.USER, "");
    }

    /** A reader of every partition of {@code topic} from the beginning, seeing what the services see (committed). */
    static KafkaConsumer<String, String> readFromTheBeginning(String topic) {
        Properties properties = asOperator();
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties);
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }

    /** The end offset of every partition of those {@code topics} that exist (a dead-letter topic may not yet). */
    static Map<TopicPartition, Long> endOffsets(List<String> topics) throws Exception {
        try (Admin admin = admin()) {
            Set<String> existing = admin.listTopics().names().get();
            List<TopicPartition> partitions = new ArrayList<>();
            for (var description : admin.describeTopics(topics.stream().filter(existing::contains).toList())
                    .allTopicNames().get().values()) {
                description.partitions().forEach(p -> partitions.add(
                        new TopicPartition(description.name(), p.partition())));
            }
            Map<TopicPartition, OffsetSpec> latest = partitions.stream()
                    .collect(Collectors.toMap(Function.identity(), p -> OffsetSpec.latest()));
            Map<TopicPartition, Long> ends = new HashMap<>();
            admin.listOffsets(latest).all().get().forEach((p, info) -> ends.put(p, info.offset()));
            return ends;
        }
    }

    static Admin admin() {
        return Admin.create(asOperator());
    }

    /**
     * A plain producer as the operator, who may write every topic: how a broker's redelivery or a replay puts
     * records on a topic (what a service may write is HostileInputSystemTest's business).
     */
    static KafkaProducer<String, String> producer() {
        Properties properties = asOperator();
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return new KafkaProducer<>(properties);
    }

    /** The broker's super user: the tests read and replay what any service wrote. */
    private static Properties asOperator() {
        return stack().kafka().clients().as(KafkaClients.ADMIN);
    }

    /**
     * The event ids ({@code ce_id}) of the records of {@code keys} on {@code topic}, per key in topic order, read
     * until {@code expected} distinct ids have arrived and then to the end of the topic, so that a duplicate
     * published after the last distinct one is seen too.
     */
    static Map<String, List<String>> eventIdsByKey(String topic, Set<String> keys, int expected, Duration timeout) {
        Map<String, List<String>> byKey = new HashMap<>();
        Set<String> distinct = new HashSet<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<String, String> consumer = readFromTheBeginning(topic)) {
            Map<TopicPartition, Long> end = null;
            while (System.nanoTime() < deadline) {
                if (end == null && distinct.size() >= expected) {
                    end = consumer.endOffsets(consumer.assignment());
                }
                Map<TopicPartition, Long> until = end;
                if (until != null && until.keySet().stream().allMatch(p -> consumer.position(p) >= until.get(p))) {
                    break;
                }
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    if (keys.contains(record.key())) {
                        String id = header(record, CloudEventHeaders.ID);
                        distinct.add(id);
                        byKey.computeIfAbsent(record.key(), k -> new ArrayList<>()).add(id);
                    }
                }
            }
        }
        if (distinct.size() != expected) {
            throw new AssertionError("Expected " + expected + " distinct events on " + topic + ", read "
                    + distinct.size());
        }
        return byKey;
    }

    /**
     * Checks that every key's events were delivered in the order {@code expected} lists them, none missing, and
     * @return how many deliveries were duplicates of an earlier one
     */
    static int duplicatesOfInOrderDelivery(Map<String, List<String>> expected, Map<String, List<String>> delivered) {
        int duplicates = 0;
        for (Map.Entry<String, List<String>> key : expected.entrySet()) {
            List<String> ids = delivered.getOrDefault(key.getKey(), List.of());
            List<String> distinctInOrder = ids.stream().distinct().toList();
            duplicates += ids.size() - distinctInOrder.size();
            if (!key.getValue().equals(distinctInOrder)) {
                throw new AssertionError("events of " + key.getKey() + " missing or out of order: expected "
                        + key.getValue() + ", delivered " + ids);
            }
        }
        return duplicates;
    }

    static String header(ConsumerRecord<String, String> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
