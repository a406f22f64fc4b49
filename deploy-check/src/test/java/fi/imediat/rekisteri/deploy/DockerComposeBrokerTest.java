package fi.imediat.rekisteri.deploy;

import fi.imediat.rekisteri.events.BrokerAccess;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * docker-compose's broker is secured as every other broker of the project (infra's KafkaBroker, Kubernetes): clients
 * connect over TLS with SCRAM-SHA-512 only, the {@code StandardAuthorizer} allows what an ACL grants and nothing
 * else, no client makes a topic, and deploy/docker/kafka-setup.sh makes exactly the principals, topics and ACLs of
 * {@link BrokerAccess}: the three services, the README's example holder and any other principal it makes as an
 * external holder. Read from docker-compose.yml and the script, without Docker.
 */
class DockerComposeBrokerTest {

    /** The external holder that the README's Docker example connects as (infra's LocalStack has the same one). */
    private static final String EXAMPLE_HOLDER = "newsletter-platform";
    private static final String ADMIN = "admin";
    private static final String SCRAM = "SCRAM-SHA-512";
    private static final Pattern LISTENER = Pattern.compile("([A-Za-z0-9_]+)://([^:,]*):(\\d+)");
    private static final Pattern JAAS = Pattern.compile(
            "org\\.apache\\.kafka\\.common\\.security\\.scram\\.ScramLoginModule required username=\"([^\"]+)\" password=\"([^\"]+)\";");
    /** A line of kafka-setup.sh that makes something: {@code user}, {@code topic} or {@code allow} and its words. */
    private static final Pattern SETUP_LINE = Pattern.compile("(user|topic|allow)(\\s+\\S+)+");
    private static final Pattern THREE_PARTITIONS = Pattern.compile("--partitions\\s+3\\b");

    private final Path root = repositoryRoot();
    private final Map<String, Object> compose = yaml(root.resolve("docker-compose.yml"));
    private final Setup setup = Setup.read(root.resolve("deploy/docker/kafka-setup.sh"));

    @Test
    void brokerTakesOnlyTlsConnectionsAuthenticatedWithScram() {
        Map<String, String> settings = brokerSettings();
        List<String> violations = new ArrayList<>();
        Map<String, String> protocols = new TreeMap<>();
        for (String entry : settings.getOrDefault("listener.security.protocol.map", "").split(",")) {
            String[] nameAndProtocol = entry.split(":");
            protocols.put(nameAndProtocol[0], nameAndProtocol[nameAndProtocol.length - 1]);
        }
        Set<String> controllers = Set.of(settings.getOrDefault("controller.listener.names", "").split(","));
        Map<String, Listener> listeners = listeners(settings.get("listeners"));
        Set<String> clientListeners = new TreeSet<>();
        listeners.forEach((name, listener) -> {
            String protocol = protocols.getOrDefault(name, name);
            if (controllers.contains(name)) {
                // The broker's own: PLAIN with its admin's credentials, and not reachable from another container.
                if (!protocol.equals("SASL_PLAINTEXT") && !protocol.equals("SASL_SSL")) {
                    violations.add("controller listener " + name + " is " + protocol + ", not authenticated");
                }
                if (!listener.host().equals("127.0.0.1")) {
                    violations.add("controller listener " + name + " listens on '" + listener.host()
                            + "', not 127.0.0.1 only");
                }
                if (!"PLAIN".equals(settings.get("listener.name." + name.toLowerCase(Locale.ROOT)
                        + ".sasl.enabled.mechanisms"))) {
                    violations.add("controller listener " + name + " does not take the broker's PLAIN credentials");
                }
            } else {
                clientListeners.add(name);
                if (!protocol.equals("SASL_SSL")) {
                    violations.add("client listener " + name + " is " + protocol + ", not SASL_SSL");
                }
            }
        });
        if (clientListeners.isEmpty()) {
            violations.add("no client listener in 'listeners': " + settings.get("listeners"));
        }
        Set<String> advertised = listeners(settings.get("advertised.listeners")).keySet();
        if (!clientListeners.containsAll(advertised)) {
            violations.add("advertised listeners " + advertised + " are not all client listeners " + clientListeners);
        }
        if (!clientListeners.contains(settings.get("inter.broker.listener.name"))) {
            violations.add("the broker talks to itself over " + settings.get("inter.broker.listener.name")
                    + ", not a SASL_SSL listener");
        }
        if (!SCRAM.equals(settings.get("sasl.enabled.mechanisms"))) {
            violations.add("sasl.enabled.mechanisms is " + settings.get("sasl.enabled.mechanisms") + ", not " + SCRAM);
        }
        if (!SCRAM.equals(settings.get("sasl.mechanism.inter.broker.protocol"))) {
            violations.add("the broker authenticates to itself with "
                    + settings.get("sasl.mechanism.inter.broker.protocol") + ", not " + SCRAM);
        }
        // The host reaches the broker only where it takes TLS and SCRAM.
        Set<String> clientPorts = clientListeners.stream().map(name -> listeners.get(name).port())
                .collect(Collectors.toSet());
        for (Object published : list(service("kafka").get("ports"))) {
            String[] parts = published.toString().split(":");
            if (!clientPorts.contains(parts[parts.length - 1])) {
                violations.add("port " + published + " publishes no client listener " + clientPorts);
            }
        }
        if (!String.valueOf(service("kafka").get("command")).contains("/rekisteri/kafka-broker.sh")) {
            violations.add("the kafka service does not start with deploy/docker/kafka-broker.sh, which makes these"
                    + " settings its configuration and gives the admin its credentials");
        }
        assertNoViolations("docker-compose.yml's broker", violations);
    }

    @Test
    void brokerAllowsOnlyWhatAnAclGrantsAndMakesNoTopicByItself() {
        Map<String, String> settings = brokerSettings();
        List<String> violations = new ArrayList<>();
        expect(violations, settings, "authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        expect(violations, settings, "super.users", "User:" + ADMIN);
        expect(violations, settings, "allow.everyone.if.no.acl.found", "false");
        expect(violations, settings, "auto.create.topics.enable", "false");
        assertNoViolations("docker-compose.yml's broker", violations);
    }

    @Test
    void setupMakesTheServicesAndTheExampleHoldersPrincipals() {
        assertEquals(new TreeSet<>(grants().keySet()), new TreeSet<>(setup.users().keySet()),
                "kafka-setup.sh's SCRAM users lack a service's principal or the README's example holder's. The"
                        + " contract's, to paste into it:\n" + render(grants(), Setup::userLines));
    }

    @Test
    void setupMakesEveryTopicOfTheContractAndNoOther() {
        Set<String> expected = new TreeSet<>(BrokerAccess.topics(List.copyOf(grants().values())));
        assertEquals(expected, new TreeSet<>(setup.topics()),
                "kafka-setup.sh's topics differ from those BrokerAccess's grants name. The contract's, to paste into"
                        + " it:\n" + expected.stream().map(topic -> "topic " + topic).collect(Collectors.joining("\n")));
        // As on the test and local brokers: each service consumes with one consumer per partition of three.
        assertTrue(THREE_PARTITIONS.matcher(setup.script()).find(), "kafka-setup.sh does not make its topics with"
                + " --partitions 3");
    }

    @Test
    void setupGrantsExactlyTheContractsAcls() {
        Set<Acl> expected = new TreeSet<>();
        grants().values().forEach(grant -> expected.addAll(Acl.of(grant)));
        Set<Acl> missing = new TreeSet<>(expected);
        missing.removeAll(setup.acls());
        Set<Acl> extra = new TreeSet<>(setup.acls());
        extra.removeAll(expected);
        if (!missing.isEmpty() || !extra.isEmpty()) {
            fail("kafka-setup.sh's ACLs differ from BrokerAccess: missing " + missing + ", not the contract's " + extra
                    + ". The contract's, to paste into it:\n" + render(grants(), Setup::allowLines));
        }
    }

    @Test
    void servicesConnectAsTheirOwnPrincipalOnceTheSetupIsDone() {
        Map<String, String> settings = brokerSettings();
        Set<String> bootstrap = new TreeSet<>();
        listeners(settings.get("advertised.listeners")).values()
                .forEach(listener -> bootstrap.add(listener.host() + ":" + listener.port()));
        List<String> violations = new ArrayList<>();
        for (BrokerAccess.Grant grant : BrokerAccess.services()) {
            String name = grant.principal();
            Map<String, Object> service = service(name);
            Map<String, String> environment = environment(service);
            if (!bootstrap.contains(environment.get("KAFKA_BOOTSTRAP_SERVERS"))) {
                violations.add(name + ": KAFKA_BOOTSTRAP_SERVERS " + environment.get("KAFKA_BOOTSTRAP_SERVERS")
                        + " is none of the advertised listeners " + bootstrap);
            }
            expect(violations, name, environment, "KAFKA_SECURITY_PROTOCOL", "SASL_SSL");
            expect(violations, name, environment, "KAFKA_SASL_MECHANISM", SCRAM);
            expect(violations, name, environment, "KAFKA_SSL_TRUSTSTORE_TYPE", "PEM");
            String truststore = environment.getOrDefault("KAFKA_SSL_TRUSTSTORE_LOCATION", "");
            if (list(service.get("volumes")).stream().map(volume -> String.valueOf(volume).split(":"))
                    .noneMatch(volume -> volume.length > 1 && volume[0].equals("kafka-ca")
                            && truststore.startsWith(volume[1] + "/"))) {
                violations.add(name + ": KAFKA_SSL_TRUSTSTORE_LOCATION " + truststore
                        + " is not in the volume kafka-ca, where kafka-tls puts the broker's certificate");
            }
            Matcher jaas = JAAS.matcher(environment.getOrDefault("KAFKA_SASL_JAAS_CONFIG", ""));
            if (!jaas.matches() || !jaas.group(1).equals(name)) {
                violations.add(name + ": KAFKA_SASL_JAAS_CONFIG does not log in as its own principal " + name);
            } else if (!jaas.group(2).equals(setup.users().get(name))) {
                violations.add(name + ": KAFKA_SASL_JAAS_CONFIG's password is not the one kafka-setup.sh gives " + name);
            }
            Object setupDone = map(map(service.get("depends_on")).get("kafka-setup")).get("condition");
            if (!"service_completed_successfully".equals(setupDone)) {
                violations.add(name + ": does not wait for kafka-setup to complete (depends_on condition " + setupDone
                        + "): its principal, topics and ACLs may not exist yet");
            }
        }
        assertNoViolations("docker-compose.yml's services", violations);
    }

    /**
     * What each principal of the compose set's broker may do: the services, the example holder, and any other
     * principal of kafka-setup.sh as an external holder, as Kubernetes onboards one.
     */
    private Map<String, BrokerAccess.Grant> grants() {
        Map<String, BrokerAccess.Grant> grants = new LinkedHashMap<>();
        BrokerAccess.services().forEach(grant -> grants.put(grant.principal(), grant));
        Stream.concat(Stream.of(EXAMPLE_HOLDER), setup.users().keySet().stream())
                .filter(principal -> !grants.containsKey(principal))
                .forEach(holder -> grants.put(holder, BrokerAccess.externalHolder(holder)));
        return grants;
    }

    /**
     * The broker's configuration as kafka-broker.sh writes it from the kafka service's environment: KAFKA_ and the
     * key upper-cased, {@code _} for {@code .}, {@code __} for {@code _}, {@code ___} for {@code -}.
     */
    private Map<String, String> brokerSettings() {
        Map<String, String> settings = new TreeMap<>();
        environment(service("kafka")).forEach((name, value) -> {
            if (name.startsWith("KAFKA_") && !name.endsWith("_OPTS")) {
                settings.put(name.substring("KAFKA_".length()).toLowerCase(Locale.ROOT).replace("_", ".")
                        .replace("...", "-").replace("..", "_"), value);
            }
        });
        return settings;
    }

    private static Map<String, Listener> listeners(String setting) {
        Map<String, Listener> listeners = new TreeMap<>();
        for (String entry : (setting == null ? "" : setting).split(",")) {
            Matcher listener = LISTENER.matcher(entry.trim());
            if (!listener.matches()) {
                fail("not a listener: '" + entry + "' in " + setting);
            }
            listeners.put(listener.group(1), new Listener(listener.group(2), listener.group(3)));
        }
        return listeners;
    }

    private record Listener(String host, String port) {
    }

    private Map<String, Object> service(String name) {
        Map<String, Object> service = map(map(compose.get("services")).get(name));
        if (service.isEmpty()) {
            fail("docker-compose.yml has no service " + name);
        }
        return service;
    }

    private static Map<String, String> environment(Map<String, Object> service) {
        Map<String, String> environment = new TreeMap<>();
        map(service.get("environment")).forEach((name, value) -> environment.put(name, String.valueOf(value)));
        return environment;
    }

    private static void expect(List<String> violations, Map<String, String> settings, String key, String expected) {
        if (!expected.equals(settings.get(key))) {
            violations.add(key + " is " + settings.get(key) + ", not " + expected);
        }
    }

    private static void expect(List<String> violations, String service, Map<String, String> environment, String name,
            String expected) {
        if (!expected.equals(environment.get(name))) {
            violations.add(service + ": " + name + " is " + environment.get(name) + ", not " + expected);
        }
    }

    private static void assertNoViolations(String subject, List<String> violations) {
        if (!violations.isEmpty()) {
            fail(subject + " has " + violations.size() + " violation(s):\n  - " + String.join("\n  - ", violations));
        }
    }

    private static String render(Map<String, BrokerAccess.Grant> grants,
            Function<BrokerAccess.Grant, List<String>> lines) {
        return grants.values().stream().flatMap(grant -> lines.apply(grant).stream()).collect(Collectors.joining("\n"));
    }

    /** One right of one principal, as kafka-acls.sh names it. */
    private record Acl(String principal, String type, String pattern, String name, String operation) implements Comparable<Acl> {

        static List<Acl> of(BrokerAccess.Grant grant) {
            List<Acl> acls = new ArrayList<>();
            for (Allow allow : Allow.of(grant)) {
                for (String operation : allow.operations().split(",")) {
                    allow.names().forEach(name -> acls.add(
                            new Acl(grant.principal(), allow.type(), allow.pattern(), name, operation)));
                }
            }
            return acls;
        }

        @Override
        public int compareTo(Acl other) {
            return toString().compareTo(other.toString());
        }

        @Override
        public String toString() {
            return principal + " " + operation + " " + type + " " + pattern + " " + name;
        }
    }

    /** An {@code allow} line of kafka-setup.sh: some operations on some resources of one type and pattern. */
    private record Allow(String operations, String type, String pattern, Set<String> names) {

        /** What {@code grant} allows, grouped as kafka-setup.sh grants it: one kafka-acls.sh call per line. */
        static List<Allow> of(BrokerAccess.Grant grant) {
            return Stream.of(
                            new Allow("Write,Describe", "topic", "literal", grant.writes()),
                            new Allow("Read,Describe", "topic", "literal", grant.reads()),
                            new Allow("Read,Describe", "topic", "prefixed", grant.readPrefixes()),
                            new Allow("Read", "group", "literal", grant.groups()),
                            new Allow("Read", "group", "prefixed", grant.groupPrefixes()),
                            new Allow("Write,Describe", "transactional-id", "prefixed", grant.transactionalIdPrefixes()))
                    .filter(allow -> !allow.names().isEmpty()).toList();
        }
    }

    /** What kafka-setup.sh makes: its {@code user}, {@code topic} and {@code allow} lines. */
    private record Setup(String script, Map<String, String> users, List<String> topics, List<Acl> acls) {

        static Setup read(Path script) {
            Map<String, String> users = new TreeMap<>();
            List<String> topics = new ArrayList<>();
            List<Acl> acls = new ArrayList<>();
            String text = text(script);
            // Continued lines joined, so that a command is one line.
            for (String line : text.replace("\\\n", " ").split("\n")) {
                if (!SETUP_LINE.matcher(line.trim()).matches()) {
                    continue;
                }
                List<String> words = Arrays.asList(line.trim().split("\\s+"));
                switch (words.get(0)) {
                    case "user" -> users.put(words.get(1), words.get(2));
                    case "topic" -> topics.add(words.get(1));
                    default -> {
                        for (String operation : words.get(2).split(",")) {
                            words.subList(5, words.size()).forEach(name -> acls.add(
                                    new Acl(words.get(1), words.get(3), words.get(4), name, operation)));
                        }
                    }
                }
            }
            return new Setup(text, users, topics, acls);
        }

        /** The demo password of a principal is its name (docker-compose.yml says they are local-demo values). */
        static List<String> userLines(BrokerAccess.Grant grant) {
            return List.of("user " + grant.principal() + " " + grant.principal());
        }

        static List<String> allowLines(BrokerAccess.Grant grant) {
            return Allow.of(grant).stream()
                    .map(allow -> "allow " + grant.principal() + " " + allow.operations() + " " + allow.type() + " "
                            + allow.pattern() + (allow.names().size() == 1 ? " " : " \\\n  ")
                            + String.join(" \\\n  ", new TreeSet<>(allow.names())))
                    .toList();
        }
    }

    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("docker-compose.yml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("docker-compose.yml not found above " + Path.of("").toAbsolutePath());
    }

    private static Map<String, Object> yaml(Path file) {
        // SnakeYAML rather than Jackson: docker-compose.yml shares settings through anchors and merge keys (<<).
        return new Yaml(new SafeConstructor(new LoaderOptions())).load(text(file));
    }

    private static String text(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object node) {
        return node instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    private static List<Object> list(Object node) {
        return node instanceof List<?> list ? List.copyOf(list) : List.of();
    }
}
