package fi.imediat.rekisteri.infra;

import fi.imediat.rekisteri.events.BrokerAccess;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A real Kafka broker in KRaft mode (one combined broker + controller node) running as its own JVM from
 * Apache Kafka's artifacts on Maven Central, secured as production is (docs/security.md, "Kafka"): clients connect
 * over TLS and authenticate with SASL/SCRAM-SHA-512, and the {@code StandardAuthorizer} grants each principal
 * exactly the ACLs of its {@link BrokerAccess.Grant}; anything else, an anonymous client included, is refused.
 * The controller listener (127.0.0.1 only) takes the broker's own PLAIN credentials.
 * <p>
 * Every topic of the contract is made at start with three partitions, so no client needs the right to create one.
 * {@link #clients()} says how to connect as each principal.
 */
public final class KafkaBroker implements AutoCloseable {

    private static final int PARTITIONS = 3;
    private static final String SCRAM = "SCRAM-SHA-512";

    private final Path dataDirectory;
    private final int port;
    private final List<String> jvm;
    private final Path config;
    private final KafkaClients clients;
    private volatile ChildProcess process;

    private KafkaBroker(Path dataDirectory, int port, List<String> jvm, Path config) {
        this.dataDirectory = dataDirectory;
        this.port = port;
        this.jvm = jvm;
        this.config = config;
        this.clients = new KafkaClients(dataDirectory.resolve("clients"));
    }

    /**
     * @param dataDirectory the log directories, metadata, TLS identity and passwords live here; made on first use
     * @param port          0 for a free port
     * @param grants        the principals besides {@link KafkaClients#ADMIN}, each with what it may do
     */
    public static KafkaBroker start(Path dataDirectory, int port, Path javaHome, List<BrokerAccess.Grant> grants) {
        int brokerPort = port == 0 ? Ports.free() : port;
        int controllerPort = Ports.free();
        Ports.requireFree(brokerPort, "Kafka");
        try {
            Files.createDirectories(dataDirectory);
            Path metadata = dataDirectory.resolve("logs").resolve("meta.properties");
            Path passwordsFile = dataDirectory.resolve("passwords.properties");
            if (Files.exists(metadata) && !Files.exists(passwordsFile)) {
                // Made by a version that ran the broker without authentication: its admin has no credentials.
                Directories.delete(dataDirectory.resolve("logs"));
            }
            Properties passwords = passwords(passwordsFile, grants);
            KafkaTls tls = KafkaTls.in(dataDirectory.resolve("tls"), javaHome);
            Path config = dataDirectory.resolve("server.properties");
            Secrets.write(config, serverProperties(dataDirectory, brokerPort, controllerPort, tls,
                    passwords.getProperty(KafkaClients.ADMIN)));
            Path logConfig = dataDirectory.resolve("log4j2.properties");
            Files.writeString(logConfig, InfraArtifacts.resource("/kafka-log4j2.properties"));

            List<String> jvm = List.of(ChildProcess.javaExecutable(javaHome), "-Xms64m", "-Xmx512m",
                    "-Dlog4j2.configurationFile=" + logConfig, "-cp", InfraArtifacts.kafkaClasspath());
            if (!Files.exists(metadata)) {
                format(jvm, config, dataDirectory, passwords.getProperty(KafkaClients.ADMIN));
            }
            KafkaBroker broker = new KafkaBroker(dataDirectory, brokerPort, jvm, config);
            broker.writeClientSettings(passwords, tls);
            broker.launch();
            broker.authorise(grants, passwords);
            return broker;
        } catch (IOException e) {
            throw new UncheckedIOException("Kafka did not start", e);
        }
    }

    /** Stops the broker as an outage would; {@link #restart()} brings it back with its data and port. */
    public void stop() {
        process.close();
    }

    public void restart() {
        Ports.requireFree(port, "Kafka");
        launch();
    }

    private void launch() {
        ChildProcess broker = ChildProcess.start("Kafka", concat(jvm, "kafka.Kafka", config.toString()), Map.of(),
                dataDirectory, dataDirectory.resolve("kafka.log"));
        broker.awaitReady(Duration.ofSeconds(90),
                () -> broker.logContains("Kafka Server started") && Ports.isListening(port));
        process = broker;
    }

    private static void format(List<String> jvm, Path config, Path dataDirectory, String adminPassword) {
        ChildProcess format = ChildProcess.start("Kafka storage format",
                concat(jvm, "kafka.tools.StorageTool", "format", "--cluster-id", newClusterId(),
                        "--config", config.toString(),
                        // The admin's SCRAM credentials go into the first metadata: every other principal is
                        // made through it.
                        "--add-scram", SCRAM + "=[name=" + KafkaClients.ADMIN + ",password=" + adminPassword + "]"),
                Map.of(), dataDirectory, dataDirectory.resolve("kafka.log"));
        format.awaitSuccessfulExit(Duration.ofSeconds(60));
    }

    /** Credentials, topics and ACLs as {@code grants} say; each step is idempotent, so a restart repeats them. */
    private void authorise(List<BrokerAccess.Grant> grants, Properties passwords) {
        try (Admin admin = Admin.create(clients.as(KafkaClients.ADMIN))) {
            List<UserScramCredentialUpsertion> credentials = new ArrayList<>();
            for (BrokerAccess.Grant grant : grants) {
                credentials.add(new UserScramCredentialUpsertion(grant.principal(),
                        new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096),
                        passwords.getProperty(grant.principal())));
            }
            admin.alterUserScramCredentials(List.copyOf(credentials)).all().get(60, TimeUnit.SECONDS);

            List<NewTopic> topics = BrokerAccess.topics(grants).stream()
                    .map(topic -> new NewTopic(topic, PARTITIONS, (short) 1)).toList();
            admin.createTopics(topics).values().values().forEach(KafkaBroker::existingIsFine);

            List<AclBinding> acls = new ArrayList<>();
            grants.forEach(grant -> acls.addAll(acls(grant)));
            admin.createAcls(acls).all().get(60, TimeUnit.SECONDS);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("could not set up the broker's principals and ACLs", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    static List<AclBinding> acls(BrokerAccess.Grant grant) {
        List<AclBinding> acls = new ArrayList<>();
        String user = "User:" + grant.principal();
        grant.writes().forEach(topic -> allow(acls, user, ResourceType.TOPIC, topic, PatternType.LITERAL,
                AclOperation.WRITE, AclOperation.DESCRIBE));
        grant.reads().forEach(topic -> allow(acls, user, ResourceType.TOPIC, topic, PatternType.LITERAL,
                AclOperation.READ, AclOperation.DESCRIBE));
        grant.readPrefixes().forEach(prefix -> allow(acls, user, ResourceType.TOPIC, prefix, PatternType.PREFIXED,
                AclOperation.READ, AclOperation.DESCRIBE));
        grant.groups().forEach(group -> allow(acls, user, ResourceType.GROUP, group, PatternType.LITERAL,
                AclOperation.READ));
        grant.groupPrefixes().forEach(group -> allow(acls, user, ResourceType.GROUP, group, PatternType.PREFIXED,
                AclOperation.READ));
        grant.transactionalIdPrefixes().forEach(id -> allow(acls, user, ResourceType.TRANSACTIONAL_ID, id,
                PatternType.PREFIXED, AclOperation.WRITE, AclOperation.DESCRIBE));
        return acls;
    }

    private static void allow(List<AclBinding> acls, String user, ResourceType type, String name,
            PatternType patternType, AclOperation... operations) {
        for (AclOperation operation : operations) {
            acls.add(new AclBinding(new ResourcePattern(type, name, patternType),
                    new AccessControlEntry(user, "*", operation, AclPermissionType.ALLOW)));
        }
    }

    private static void existingIsFine(org.apache.kafka.common.KafkaFuture<Void> creation) {
        try {
            creation.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("could not create a topic", e);
            }
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("could not create a topic", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The passwords of the admin and of every principal in {@code grants}: kept from earlier runs, new ones made. */
    private static Properties passwords(Path file, List<BrokerAccess.Grant> grants) throws IOException {
        Properties passwords = new Properties();
        if (Files.exists(file)) {
            try (Reader in = Files.newBufferedReader(file)) {
                passwords.load(in);
            }
        }
        boolean added = false;
        List<String> principals = new ArrayList<>(List.of(KafkaClients.ADMIN));
        grants.forEach(grant -> principals.add(grant.principal()));
        for (String principal : principals) {
            if (!passwords.containsKey(principal)) {
                passwords.setProperty(principal, Secrets.random());
                added = true;
            }
        }
        if (added) {
            StringBuilder content = new StringBuilder("# SCRAM passwords of the broker's principals\n");
            passwords.stringPropertyNames().stream().sorted()
                    .forEach(name -> content.append(name).append('=').append(passwords.getProperty(name)).append('\n'));
            Secrets.write(file, content.toString());
        }
        return passwords;
    }

    private void writeClientSettings(Properties passwords, KafkaTls tls) throws IOException {
        Files.createDirectories(clients.directory());
        for (String principal : passwords.stringPropertyNames()) {
            String password = passwords.getProperty(principal);
            Secrets.write(clients.javaClientFile(principal), String.join("\n",
                    "# Connects to the broker as " + principal,
                    "bootstrap.servers=" + bootstrapServers(),
                    "security.protocol=SASL_SSL",
                    "sasl.mechanism=" + SCRAM,
                    "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                            + principal + "\" password=\"" + password + "\";",
                    "ssl.truststore.type=PEM",
                    "ssl.truststore.location=" + tls.trustedCertificate(),
                    ""));
            Secrets.write(clients.kcatFile(principal), String.join("\n",
                    "# kcat -F " + clients.kcatFile(principal) + " -L",
                    "bootstrap.servers=" + bootstrapServers(),
                    "security.protocol=SASL_SSL",
                    "sasl.mechanisms=" + SCRAM,
                    "sasl.username=" + principal,
                    "sasl.password=" + password,
                    "ssl.ca.location=" + tls.trustedCertificate(),
                    ""));
        }
    }

    /** The broker's process id (it changes with {@link #restart()}). */
    public long pid() {
        return process.pid();
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** How to connect as each principal. */
    public KafkaClients clients() {
        return clients;
    }

    @Override
    public void close() {
        process.close();
    }

    private static String serverProperties(Path dataDirectory, int brokerPort, int controllerPort, KafkaTls tls,
            String adminPassword) {
        return String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=SASL_SSL://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=SASL_SSL://127.0.0.1:" + brokerPort,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=SASL_SSL",
                "listener.security.protocol.map=SASL_SSL:SASL_SSL,CONTROLLER:SASL_PLAINTEXT",
                // Clients: TLS and SCRAM. SCRAM credentials live in the metadata the controller serves, so the
                // controller listener authenticates the broker with PLAIN against this file instead.
                "sasl.enabled.mechanisms=" + SCRAM,
                "sasl.mechanism.inter.broker.protocol=" + SCRAM,
                "listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config="
                        + "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                        + KafkaClients.ADMIN + "\" password=\"" + adminPassword + "\";",
                "sasl.mechanism.controller.protocol=PLAIN",
                "listener.name.controller.sasl.enabled.mechanisms=PLAIN",
                "listener.name.controller.plain.sasl.jaas.config="
                        + "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
                        + KafkaClients.ADMIN + "\" password=\"" + adminPassword + "\" user_" + KafkaClients.ADMIN
                        + "=\"" + adminPassword + "\";",
                "ssl.keystore.type=PKCS12",
                "ssl.keystore.location=" + tls.keyStore(),
                "ssl.keystore.password=" + tls.keyStorePassword(),
                "ssl.truststore.type=PEM",
                "ssl.truststore.location=" + tls.trustedCertificate(),
                "authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer",
                "super.users=User:" + KafkaClients.ADMIN,
                "allow.everyone.if.no.acl.found=false",
                "log.dirs=" + dataDirectory.resolve("logs"),
                "num.partitions=" + PARTITIONS,
                // A single node: every internal topic must accept one replica, or consumer groups never form.
                "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                // Topics are made at start (authorise): one that a client names by mistake is an error, not a new topic.
                "auto.create.topics.enable=false",
                "");
    }

    /**
     * Kafka cluster ids are 16 random bytes in URL-safe base64 without padding; one that starts with '-' would be
     * read as an option by the storage tool, so (like Kafka's own generator) those are drawn again.
     */
    private static String newClusterId() {
        SecureRandom random = new SecureRandom();
        byte[] bytes = new byte[16];
        String id;
        do {
            random.nextBytes(bytes);
            id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        } while (id.startsWith("-"));
        return id;
    }

    private static List<String> concat(List<String> head, String... tail) {
        return java.util.stream.Stream.concat(head.stream(), java.util.Arrays.stream(tail)).toList();
    }
}
