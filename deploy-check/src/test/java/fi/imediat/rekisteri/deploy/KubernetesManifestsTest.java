package fi.imediat.rekisteri.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fi.imediat.rekisteri.events.BrokerAccess;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Renders the base and each overlay of deploy/kubernetes with the pinned kubectl's kustomize ({@link Kustomize}),
 * validates every rendered resource against its pinned schema ({@link ManifestSchemas}) and checks the result
 * structurally. Every rule is checked for every resource and all violations are reported together.
 */
class KubernetesManifestsTest {

    private static final Set<String> SERVICES = Set.of("customer-service", "consent-service", "retention-service");
    private static final Set<String> DATABASES = Set.of("rekisteri-customer", "rekisteri-consent", "rekisteri-retention");
    /** The resources the base defines today are 45; far fewer means the render lost something. */
    private static final int MIN_RESOURCES = 40;
    private static final Map<String, List<ObjectNode>> RENDERED = new ConcurrentHashMap<>();
    private static ManifestSchemas schemas;

    private static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(PASSWORD|SECRET|TOKEN|CREDENTIAL|PRIVATE_KEY).*");

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            // kustomization,      Deployment replicas, HPA minReplicas, PostgreSQL instances
            "base,                 2,                   2,               3",
            "overlays/dev,         1,                   1,               1",
            "overlays/production,  3,                   3,               3",
    })
    void manifestsFollowTheRules(String kustomization, int replicas, int hpaMinReplicas, int postgresInstances) {
        List<ObjectNode> resources = rendered(kustomization);
        List<String> violations = new ArrayList<>();
        new Checks(resources, violations).run(replicas, hpaMinReplicas, postgresInstances);
        report(kustomization, resources, violations);
    }

    /**
     * Every rendered resource is valid against the pinned schema of its apiVersion and kind: Kubernetes' and the
     * Prometheus operator's strictly, unknown fields included ({@link ManifestSchemas}); Strimzi's and
     * CloudNativePG's against their CRDs ({@link OperatorCrdSchemas}). A kind with no pinned schema fails.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"base", "overlays/dev", "overlays/production"})
    void everyResourceMatchesItsPinnedSchema(String kustomization) {
        List<ObjectNode> resources = rendered(kustomization);
        List<String> violations = new ArrayList<>();
        List<ObjectNode> operatorResources = new ArrayList<>();
        for (ObjectNode resource : resources) {
            String apiVersion = resource.path("apiVersion").asText();
            String kind = resource.path("kind").asText();
            if (schemas().hasSchema(apiVersion, kind)) {
                schemas().validate(resource).forEach(message -> violations.add(Checks.describe(resource) + ": " + message));
            } else if (OperatorCrdSchemas.KINDS.contains(apiVersion + " " + kind)) {
                operatorResources.add(resource);
            } else {
                violations.add(Checks.describe(resource) + ": no pinned schema for " + apiVersion + " " + kind
                        + "; pin one (see deploy/kubernetes/README.md, \"Checked in CI\") or use a kind that has one");
            }
        }
        List<List<String>> operatorViolations = OperatorCrdSchemas.validate(operatorResources);
        for (int i = 0; i < operatorResources.size(); i++) {
            ObjectNode resource = operatorResources.get(i);
            operatorViolations.get(i).forEach(message -> violations.add(Checks.describe(resource) + ": " + message));
        }
        report(kustomization, resources, violations);
    }

    private static List<ObjectNode> rendered(String kustomization) {
        return RENDERED.computeIfAbsent(kustomization, k -> Kustomize.render(manifestRoot().resolve(k)));
    }

    private static synchronized ManifestSchemas schemas() {
        if (schemas == null) {
            schemas = ManifestSchemas.load();
        }
        return schemas;
    }

    private static void report(String kustomization, List<ObjectNode> resources, List<String> violations) {
        if (!violations.isEmpty()) {
            fail("deploy/kubernetes/" + kustomization + " (" + resources.size() + " resources rendered) has "
                    + violations.size() + " violation(s):\n  - " + String.join("\n  - ", violations));
        }
    }

    /** deploy/kubernetes of this repository, found from the working directory upwards. */
    static Path manifestRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("deploy/kubernetes");
            if (Files.isRegularFile(candidate.resolve("base/kustomization.yaml"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("deploy/kubernetes/base/kustomization.yaml not found above " + Path.of("").toAbsolutePath());
    }

    /** The ACLs of a grant as Strimzi writes them: {@code type name patternType operation}. */
    static Set<String> acls(BrokerAccess.Grant grant) {
        Set<String> acls = new TreeSet<>();
        grant.writes().forEach(t -> List.of("Write", "Describe").forEach(o -> acls.add(acl("topic", t, "literal", o))));
        grant.reads().forEach(t -> List.of("Read", "Describe").forEach(o -> acls.add(acl("topic", t, "literal", o))));
        grant.readPrefixes().forEach(t -> List.of("Read", "Describe").forEach(o -> acls.add(acl("topic", t, "prefix", o))));
        grant.groups().forEach(g -> acls.add(acl("group", g, "literal", "Read")));
        grant.groupPrefixes().forEach(g -> acls.add(acl("group", g, "prefix", "Read")));
        grant.transactionalIdPrefixes().forEach(id -> List.of("Write", "Describe")
                .forEach(o -> acls.add(acl("transactionalId", id, "prefix", o))));
        return acls;
    }

    private static String acl(String type, String name, String patternType, String operation) {
        return type + " " + name + " " + patternType + " " + operation;
    }

    private static final class Checks {
        private final List<ObjectNode> resources;
        private final List<String> violations;

        Checks(List<ObjectNode> resources, List<String> violations) {
            this.resources = resources;
            this.violations = violations;
        }

        void run(int replicas, int hpaMinReplicas, int postgresInstances) {
            notVacuous();
            names();
            noSecretValues();
            defaultDeny();
            for (ObjectNode deployment : ofKind("Deployment")) {
                deployment(deployment, replicas);
                companions(deployment, hpaMinReplicas);
            }
            for (ObjectNode service : ofKind("Service")) {
                service(service);
            }
            for (ObjectNode deployment : ofKind("Deployment")) {
                clientsUseTlsAndAuthentication(deployment);
            }
            kafkaTopics();
            kafkaUsers();
            postgres(postgresInstances);
            alerts();
        }

        private void notVacuous() {
            if (resources.size() < MIN_RESOURCES) {
                violations.add("only " + resources.size() + " resources rendered, expected at least " + MIN_RESOURCES);
            }
            Set<String> deployments = names(ofKind("Deployment"));
            if (!deployments.equals(SERVICES)) {
                violations.add("Deployments " + deployments + ", expected exactly " + new TreeSet<>(SERVICES));
            }
            Set<String> services = names(ofKind("Service"));
            if (!services.containsAll(SERVICES)) {
                violations.add("Services " + services + ", expected at least " + new TreeSet<>(SERVICES));
            }
        }

        private void names() {
            for (ObjectNode r : resources) {
                String name = r.path("metadata").path("name").asText("");
                if (r.path("apiVersion").asText("").isEmpty() || r.path("kind").asText("").isEmpty()) {
                    violations.add(describe(r) + ": no apiVersion or kind");
                }
                if (name.length() > 253 || !DNS_SUBDOMAIN.matcher(name).matches()) {
                    violations.add(describe(r) + ": metadata.name '" + name + "' is not a valid Kubernetes name");
                }
                if (r.path("kind").asText().equals("KafkaTopic") && !DNS_LABEL.matcher(name).matches()) {
                    violations.add(describe(r) + ": a KafkaTopic's metadata.name must not contain dots; put the real name in spec.topicName");
                }
            }
        }

        private void noSecretValues() {
            for (ObjectNode secret : ofKind("Secret")) {
                if (secret.has("data") || secret.has("stringData")) {
                    violations.add(describe(secret) + ": a committed Secret must not carry data or stringData");
                }
            }
            for (ObjectNode configMap : ofKind("ConfigMap")) {
                configMap.path("data").fieldNames().forEachRemaining(key -> {
                    if (SECRET_NAME.matcher(key).matches()) {
                        violations.add(describe(configMap) + ": key " + key + " looks like a secret; take it from a Secret");
                    }
                });
            }
        }

        private void defaultDeny() {
            Set<String> namespaces = ofKind("Deployment").stream().map(Checks::namespace).collect(Collectors.toSet());
            for (String namespace : namespaces) {
                boolean found = ofKind("NetworkPolicy").stream().anyMatch(np -> namespace(np).equals(namespace)
                        && np.path("spec").path("podSelector").isEmpty()
                        && types(np).containsAll(Set.of("Ingress", "Egress"))
                        && np.path("spec").path("ingress").isEmpty() && np.path("spec").path("egress").isEmpty());
                if (!found) {
                    violations.add("namespace " + namespace + ": no default-deny NetworkPolicy (empty podSelector, "
                            + "policyTypes Ingress and Egress, no rules)");
                }
            }
        }

        private void deployment(ObjectNode deployment, int replicas) {
            String name = describe(deployment);
            JsonNode spec = deployment.path("spec");
            if (spec.path("replicas").asInt(-1) != replicas) {
                violations.add(name + ": replicas " + spec.path("replicas") + ", expected " + replicas);
            }
            if (!matches(spec.path("selector"), podLabels(deployment))) {
                violations.add(name + ": spec.selector does not match the pod template's labels");
            }
            JsonNode pod = spec.path("template").path("spec");
            JsonNode podSecurity = pod.path("securityContext");
            if (!podSecurity.path("runAsNonRoot").asBoolean(false)) {
                violations.add(name + ": pod securityContext.runAsNonRoot is not true");
            }
            if (!podSecurity.path("seccompProfile").path("type").asText().equals("RuntimeDefault")) {
                violations.add(name + ": pod securityContext.seccompProfile.type is not RuntimeDefault");
            }
            if (pod.path("containers").isEmpty()) {
                violations.add(name + ": no containers");
            }
            for (String list : List.of("initContainers", "containers")) {
                for (JsonNode container : pod.path(list)) {
                    container(deployment, container, list.equals("containers"));
                }
            }
        }

        private void container(ObjectNode deployment, JsonNode container, boolean probed) {
            String name = describe(deployment) + ": container " + container.path("name").asText("?");
            String image = container.path("image").asText("");
            String tag = tag(image);
            if (image.isEmpty()) {
                violations.add(name + ": no image");
            } else if (tag == null) {
                violations.add(name + ": image " + image + " has no tag or digest");
            } else if (tag.equals("latest")) {
                violations.add(name + ": image " + image + " uses the tag 'latest'");
            }
            if (probed) {
                for (String probe : List.of("readinessProbe", "livenessProbe", "startupProbe")) {
                    if (container.path(probe).isEmpty()) {
                        violations.add(name + ": no " + probe);
                    }
                }
                if (!replicaIdIsThePodName(container)) {
                    violations.add(name + ": REKISTERI_REPLICA_ID is not the pod's name (fieldRef metadata.name), "
                            + "from which the relay's transactional id and the consumers' static membership come");
                }
            }
            for (String kind : List.of("requests", "limits")) {
                for (String resource : List.of("cpu", "memory")) {
                    if (container.path("resources").path(kind).path(resource).asText("").isEmpty()) {
                        violations.add(name + ": no resources." + kind + "." + resource);
                    }
                }
            }
            JsonNode security = container.path("securityContext");
            if (!security.path("readOnlyRootFilesystem").asBoolean(false)) {
                violations.add(name + ": securityContext.readOnlyRootFilesystem is not true");
            }
            if (!security.path("allowPrivilegeEscalation").isBoolean() || security.path("allowPrivilegeEscalation").asBoolean()) {
                violations.add(name + ": securityContext.allowPrivilegeEscalation is not false");
            }
            boolean dropsAll = false;
            for (JsonNode capability : security.path("capabilities").path("drop")) {
                dropsAll |= capability.asText().equals("ALL");
            }
            if (!dropsAll) {
                violations.add(name + ": securityContext.capabilities.drop does not contain ALL");
            }
            for (JsonNode env : container.path("env")) {
                if (env.has("value") && SECRET_NAME.matcher(env.path("name").asText()).matches()) {
                    violations.add(name + ": env " + env.path("name").asText() + " has a literal value; take it from a Secret");
                }
                JsonNode secretRef = env.path("valueFrom").path("secretKeyRef");
                String secret = secretRef.path("name").asText();
                if (!secretRef.isMissingNode() && !cnpgAppSecrets().contains(secret) && !operatorProvided(secret)) {
                    violations.add(name + ": env " + env.path("name").asText() + " reads Secret '" + secret
                            + "', which is neither the app Secret of a CloudNativePG Cluster here " + cnpgAppSecrets()
                            + " nor a Secret deploy/kubernetes/README.md asks the cluster to provide");
                }
            }
            for (JsonNode envFrom : container.path("envFrom")) {
                String configMap = envFrom.path("configMapRef").path("name").asText("");
                if (!configMap.isEmpty() && find("ConfigMap", namespace(deployment), configMap) == null) {
                    violations.add(name + ": envFrom ConfigMap " + configMap + " is not defined");
                }
            }
        }

        private static boolean replicaIdIsThePodName(JsonNode container) {
            for (JsonNode env : container.path("env")) {
                if (env.path("name").asText().equals("REKISTERI_REPLICA_ID")) {
                    return env.path("valueFrom").path("fieldRef").path("fieldPath").asText().equals("metadata.name");
                }
            }
            return false;
        }

        /** PodDisruptionBudget, HorizontalPodAutoscaler and ServiceMonitor of a Deployment. */
        private void companions(ObjectNode deployment, int hpaMinReplicas) {
            String name = describe(deployment);
            String namespace = namespace(deployment);
            Map<String, String> pods = podLabels(deployment);
            boolean pdb = ofKind("PodDisruptionBudget").stream()
                    .anyMatch(p -> namespace(p).equals(namespace) && !p.path("spec").path("selector").isEmpty()
                            && matches(p.path("spec").path("selector"), pods));
            if (!pdb) {
                violations.add(name + ": no PodDisruptionBudget selects its pods");
            }
            List<ObjectNode> hpas = ofKind("HorizontalPodAutoscaler").stream()
                    .filter(h -> namespace(h).equals(namespace)
                            && h.path("spec").path("scaleTargetRef").path("kind").asText().equals("Deployment")
                            && h.path("spec").path("scaleTargetRef").path("name").asText().equals(deployment.path("metadata").path("name").asText()))
                    .toList();
            if (hpas.isEmpty()) {
                violations.add(name + ": no HorizontalPodAutoscaler targets it");
            }
            for (ObjectNode hpa : hpas) {
                int min = hpa.path("spec").path("minReplicas").asInt(1);
                int max = hpa.path("spec").path("maxReplicas").asInt(0);
                if (!hpa.path("apiVersion").asText().equals("autoscaling/v2")) {
                    violations.add(describe(hpa) + ": apiVersion is not autoscaling/v2");
                }
                if (min != hpaMinReplicas) {
                    violations.add(describe(hpa) + ": minReplicas " + min + ", expected " + hpaMinReplicas);
                }
                if (max < min) {
                    violations.add(describe(hpa) + ": maxReplicas " + max + " is below minReplicas " + min);
                }
            }
            boolean monitored = ofKind("ServiceMonitor").stream()
                    .filter(sm -> namespace(sm).equals(namespace))
                    .anyMatch(sm -> ofKind("Service").stream()
                            .anyMatch(svc -> namespace(svc).equals(namespace)
                                    && matches(sm.path("spec").path("selector"), labels(svc.path("metadata").path("labels")))
                                    && selectsPods(svc, pods))
                            && hasMetricsEndpoint(sm));
            if (!monitored) {
                violations.add(name + ": no ServiceMonitor scrapes /q/metrics through a Service of its pods");
            }
        }

        private void service(ObjectNode service) {
            String name = describe(service);
            JsonNode selector = service.path("spec").path("selector");
            if (selector.isEmpty()) {
                violations.add(name + ": no selector");
                return;
            }
            Map<String, String> selected = labels(selector);
            boolean policed = ofKind("NetworkPolicy").stream()
                    .anyMatch(np -> namespace(np).equals(namespace(service))
                            && !np.path("spec").path("podSelector").isEmpty()
                            && types(np).contains("Ingress")
                            && matches(np.path("spec").path("podSelector"), selected));
            if (!policed) {
                violations.add(name + ": no NetworkPolicy with a non-empty podSelector and policyType Ingress selects its pods "
                        + selected);
            }
            boolean backed = ofKind("Deployment").stream()
                    .anyMatch(d -> namespace(d).equals(namespace(service)) && selectsPods(service, podLabels(d)));
            if (!backed) {
                violations.add(name + ": its selector matches no Deployment's pods");
            }
        }

        private void kafkaTopics() {
            // The contract's topics, and the replies topic of every external holder that has a KafkaUser.
            List<BrokerAccess.Grant> grants = new ArrayList<>(BrokerAccess.services());
            names(ofKind("KafkaUser")).stream().filter(user -> !SERVICES.contains(user))
                    .forEach(holder -> grants.add(BrokerAccess.externalHolder(holder)));
            Set<String> expected = new TreeSet<>(BrokerAccess.topics(grants));
            Set<String> found = new TreeSet<>();
            for (ObjectNode topic : ofKind("KafkaTopic")) {
                String name = topic.path("spec").path("topicName").asText(topic.path("metadata").path("name").asText());
                found.add(name);
                if (!topic.path("apiVersion").asText().startsWith("kafka.strimzi.io/")) {
                    violations.add(describe(topic) + ": apiVersion is not kafka.strimzi.io");
                }
                if (topic.path("metadata").path("labels").path("strimzi.io/cluster").asText("").isEmpty()) {
                    violations.add(describe(topic) + ": no strimzi.io/cluster label");
                }
                if (topic.path("spec").path("replicas").asInt(0) != 3) {
                    violations.add(describe(topic) + ": replicas " + topic.path("spec").path("replicas") + ", expected 3");
                }
                int minIsr = topic.path("spec").path("config").path("min.insync.replicas").asInt(0);
                if (minIsr < 2) {
                    violations.add(describe(topic) + ": config min.insync.replicas "
                            + topic.path("spec").path("config").path("min.insync.replicas") + ", expected at least 2");
                }
                if (topic.path("spec").path("partitions").asInt(0) < 1) {
                    violations.add(describe(topic) + ": no partitions");
                }
            }
            Set<String> missing = new TreeSet<>(expected);
            missing.removeAll(found);
            if (!missing.isEmpty()) {
                violations.add("KafkaTopics missing for " + missing);
            }
        }

        /**
         * The broker's ACLs are exactly the contract's ({@link BrokerAccess}, from which the test and local brokers
         * grant theirs): a service's KafkaUser as its grant, any other KafkaUser as an external holder's; no right
         * missing, none more. And every service connects as its own principal.
         */
        private void kafkaUsers() {
            Set<String> users = names(ofKind("KafkaUser"));
            if (!users.containsAll(SERVICES)) {
                violations.add("KafkaUsers " + users + ", expected one for each of " + new TreeSet<>(SERVICES));
            }
            Map<String, BrokerAccess.Grant> services = new HashMap<>();
            BrokerAccess.services().forEach(grant -> services.put(grant.principal(), grant));
            for (ObjectNode user : ofKind("KafkaUser")) {
                String name = user.path("metadata").path("name").asText();
                JsonNode spec = user.path("spec");
                if (!spec.path("authentication").path("type").asText().startsWith("scram-sha-")
                        && !spec.path("authentication").path("type").asText().equals("tls")) {
                    violations.add(describe(user) + ": no SCRAM or TLS authentication");
                }
                if (!spec.path("authorization").path("type").asText().equals("simple")) {
                    violations.add(describe(user) + ": authorization is not simple (ACLs)");
                }
                Set<String> granted = new TreeSet<>();
                for (JsonNode acl : spec.path("authorization").path("acls")) {
                    JsonNode resource = acl.path("resource");
                    for (JsonNode operation : acl.path("operations")) {
                        granted.add(acl(resource.path("type").asText(), resource.path("name").asText(),
                                resource.path("patternType").asText("literal"), operation.asText()));
                    }
                }
                Set<String> expected = acls(services.getOrDefault(name, BrokerAccess.externalHolder(name)));
                Set<String> missing = new TreeSet<>(expected);
                missing.removeAll(granted);
                Set<String> extra = new TreeSet<>(granted);
                extra.removeAll(expected);
                if (!missing.isEmpty() || !extra.isEmpty()) {
                    violations.add(describe(user) + ": ACLs differ from the contract (BrokerAccess); missing "
                            + missing + ", not the contract's " + extra);
                }
            }
            for (ObjectNode deployment : ofKind("Deployment")) {
                String name = deployment.path("metadata").path("name").asText();
                boolean ownPrincipal = false;
                for (JsonNode container : deployment.path("spec").path("template").path("spec").path("containers")) {
                    for (JsonNode env : container.path("env")) {
                        JsonNode secret = env.path("valueFrom").path("secretKeyRef");
                        ownPrincipal |= env.path("name").asText().equals("KAFKA_SASL_JAAS_CONFIG")
                                && secret.path("name").asText().equals(name) && users.contains(name);
                    }
                }
                if (!ownPrincipal) {
                    violations.add(name + ": does not connect to Kafka as its own KafkaUser (KAFKA_SASL_JAAS_CONFIG)");
                }
            }
        }

        /**
         * Every connection a service opens is encrypted, checks the server's certificate, and authenticates with
         * credentials from a Secret: Kafka over SASL_SSL with its KafkaUser's mechanism (or mutual TLS), PostgreSQL
         * with sslmode=verify-full, Keycloak over https.
         */
        private void clientsUseTlsAndAuthentication(ObjectNode deployment) {
            for (JsonNode container : deployment.path("spec").path("template").path("spec").path("containers")) {
                String name = describe(deployment) + ": container " + container.path("name").asText("?");
                Map<String, String> values = new HashMap<>();
                Set<String> fromSecrets = new TreeSet<>();
                environment(deployment, container, values, fromSecrets);

                String protocol = values.getOrDefault("KAFKA_SECURITY_PROTOCOL", "");
                if (values.getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "").isEmpty()) {
                    violations.add(name + ": no KAFKA_BOOTSTRAP_SERVERS (the client would try a plaintext localhost:9092)");
                }
                if (protocol.equals("SASL_SSL")) {
                    String secret = secretOf(container, "KAFKA_SASL_JAAS_CONFIG");
                    ObjectNode user = find("KafkaUser", namespace(deployment), secret);
                    String mechanism = user == null ? null
                            : user.path("spec").path("authentication").path("type").asText().toUpperCase(Locale.ROOT);
                    if (!fromSecrets.contains("KAFKA_SASL_JAAS_CONFIG")) {
                        violations.add(name + ": KAFKA_SASL_JAAS_CONFIG does not come from a Secret");
                    } else if (user == null) {
                        violations.add(name + ": KAFKA_SASL_JAAS_CONFIG comes from Secret '" + secret
                                + "', which is no KafkaUser's");
                    } else if (!mechanism.equals(values.get("KAFKA_SASL_MECHANISM"))) {
                        violations.add(name + ": KAFKA_SASL_MECHANISM " + values.get("KAFKA_SASL_MECHANISM")
                                + " is not " + mechanism + ", the authentication of KafkaUser " + secret);
                    }
                } else if (!(protocol.equals("SSL") && mountedFromSecret(deployment, container,
                        values.getOrDefault("KAFKA_SSL_KEYSTORE_LOCATION", "")))) {
                    violations.add(name + ": KAFKA_SECURITY_PROTOCOL '" + protocol + "' is neither SASL_SSL nor SSL "
                            + "with a client certificate (KAFKA_SSL_KEYSTORE_LOCATION) from a Secret");
                }
                if (!mountedFromSecret(deployment, container, values.getOrDefault("KAFKA_SSL_TRUSTSTORE_LOCATION", ""))) {
                    violations.add(name + ": KAFKA_SSL_TRUSTSTORE_LOCATION is not a file mounted from a Secret "
                            + "(the broker's CA), so the broker's certificate is not checked against it");
                }
                if (values.containsKey("KAFKA_SSL_ENDPOINT_IDENTIFICATION_ALGORITHM")
                        && values.get("KAFKA_SSL_ENDPOINT_IDENTIFICATION_ALGORITHM").isEmpty()) {
                    violations.add(name + ": KAFKA_SSL_ENDPOINT_IDENTIFICATION_ALGORITHM is empty, which turns off "
                            + "the broker's host name check");
                }

                String jdbc = values.getOrDefault("QUARKUS_DATASOURCE_JDBC_URL", "");
                Matcher rootCert = Pattern.compile("[?&]sslrootcert=([^&]+)").matcher(jdbc);
                if (!jdbc.matches(".*[?&]sslmode=verify-full(&.*)?")
                        || !rootCert.find() || !mountedFromSecret(deployment, container, rootCert.group(1))) {
                    violations.add(name + ": QUARKUS_DATASOURCE_JDBC_URL '" + jdbc + "' does not use sslmode=verify-full "
                            + "with an sslrootcert mounted from a Secret (the cluster's CA)");
                }
                for (String credential : List.of("QUARKUS_DATASOURCE_USERNAME", "QUARKUS_DATASOURCE_PASSWORD")) {
                    if (!fromSecrets.contains(credential)) {
                        violations.add(name + ": " + credential + " does not come from a Secret");
                    }
                }
                for (String credential : List.of("QUARKUS_FLYWAY_USERNAME", "QUARKUS_FLYWAY_PASSWORD")) {
                    if (values.containsKey(credential)) {
                        violations.add(name + ": " + credential + " is a literal; take it from a Secret");
                    }
                }

                String issuer = values.getOrDefault("QUARKUS_OIDC_AUTH_SERVER_URL", "");
                if (!issuer.startsWith("https://")) {
                    violations.add(name + ": QUARKUS_OIDC_AUTH_SERVER_URL '" + issuer + "' is not https");
                }
            }
        }

        /**
         * A container's environment as Kubernetes builds it: ConfigMaps of envFrom first, then env, which wins.
         * Literal values (and ConfigMap values) go to values, the names of variables read from Secrets to fromSecrets.
         */
        private void environment(ObjectNode deployment, JsonNode container, Map<String, String> values, Set<String> fromSecrets) {
            for (JsonNode envFrom : container.path("envFrom")) {
                ObjectNode configMap = find("ConfigMap", namespace(deployment), envFrom.path("configMapRef").path("name").asText(""));
                if (configMap != null) {
                    String prefix = envFrom.path("prefix").asText("");
                    configMap.path("data").fields().forEachRemaining(e -> values.put(prefix + e.getKey(), e.getValue().asText()));
                }
            }
            for (JsonNode env : container.path("env")) {
                String variable = env.path("name").asText();
                values.remove(variable);
                fromSecrets.remove(variable);
                if (env.has("value")) {
                    values.put(variable, env.path("value").asText());
                } else if (env.path("valueFrom").has("secretKeyRef")) {
                    fromSecrets.add(variable);
                } else if (env.path("valueFrom").has("configMapKeyRef")) {
                    JsonNode ref = env.path("valueFrom").path("configMapKeyRef");
                    ObjectNode configMap = find("ConfigMap", namespace(deployment), ref.path("name").asText());
                    if (configMap != null) {
                        values.put(variable, configMap.path("data").path(ref.path("key").asText()).asText());
                    }
                }
            }
        }

        /** The Secret an env variable of the container reads, or "" when it reads none. */
        private static String secretOf(JsonNode container, String variable) {
            for (JsonNode env : container.path("env")) {
                if (env.path("name").asText().equals(variable)) {
                    return env.path("valueFrom").path("secretKeyRef").path("name").asText("");
                }
            }
            return "";
        }

        /** Whether path lies in a read-only volume mount of the container whose volume is a Secret. */
        private static boolean mountedFromSecret(JsonNode deployment, JsonNode container, String path) {
            JsonNode pod = deployment.path("spec").path("template").path("spec");
            for (JsonNode mount : container.path("volumeMounts")) {
                String mountPath = mount.path("mountPath").asText();
                if (!path.isEmpty() && path.startsWith(mountPath + "/") && mount.path("readOnly").asBoolean(false)) {
                    for (JsonNode volume : pod.path("volumes")) {
                        if (volume.path("name").asText().equals(mount.path("name").asText()) && volume.has("secret")) {
                            return true;
                        }
                    }
                }
            }
            return false;
        }

        private void postgres(int instances) {
            List<ObjectNode> clusters = ofKind("Cluster").stream()
                    .filter(c -> c.path("apiVersion").asText().equals("postgresql.cnpg.io/v1"))
                    .toList();
            if (!names(clusters).equals(DATABASES)) {
                violations.add("CloudNativePG Clusters " + names(clusters) + ", expected exactly " + new TreeSet<>(DATABASES));
            }
            for (ObjectNode cluster : clusters) {
                JsonNode spec = cluster.path("spec");
                if (spec.path("instances").asInt(0) != instances) {
                    violations.add(describe(cluster) + ": instances " + spec.path("instances") + ", expected " + instances);
                }
                String image = spec.path("imageName").asText("");
                if (!image.isEmpty() && (tag(image) == null || "latest".equals(tag(image)))) {
                    violations.add(describe(cluster) + ": imageName " + image + " is not pinned to a version");
                }
                JsonNode initdb = spec.path("bootstrap").path("initdb");
                if (initdb.path("database").asText("").isEmpty() || initdb.path("owner").asText("").isEmpty()) {
                    violations.add(describe(cluster) + ": no bootstrap.initdb database and owner");
                }
                if (spec.path("storage").path("size").asText("").isEmpty()) {
                    violations.add(describe(cluster) + ": no storage.size");
                }
            }
        }

        // --- helpers ---

        /** Every alert has a severity and a runbook section that exists, and the runbook explains its metrics. */
        private void alerts() {
            List<ObjectNode> rules = ofKind("PrometheusRule");
            if (rules.isEmpty()) {
                violations.add("no PrometheusRule: the runbook's alerts are not deployed");
            }
            String runbook = runbook();
            Set<String> sections = new TreeSet<>();
            Matcher heading = Pattern.compile("(?m)^#+ (.+)$").matcher(runbook);
            while (heading.find()) {
                sections.add(heading.group(1).trim().toLowerCase().replaceAll("[^a-z0-9 -]", "").replace(' ', '-'));
            }
            for (ObjectNode rule : rules) {
                for (JsonNode group : rule.path("spec").path("groups")) {
                    for (JsonNode alert : group.path("rules")) {
                        String name = alert.path("alert").asText("(unnamed)");
                        if (!Set.of("warning", "critical").contains(alert.path("labels").path("severity").asText())) {
                            violations.add("alert " + name + ": severity is not warning or critical");
                        }
                        String link = alert.path("annotations").path("runbook").asText("");
                        if (!link.startsWith("docs/operations.md#")
                                || !sections.contains(link.substring(link.indexOf('#') + 1))) {
                            violations.add("alert " + name + ": runbook '" + link + "' is no section of docs/operations.md");
                        }
                        Matcher metric = Pattern.compile("rekisteri_[a-z_]+").matcher(alert.path("expr").asText(""));
                        while (metric.find()) {
                            if (!runbook.contains(metric.group())) {
                                violations.add("alert " + name + ": the runbook does not explain " + metric.group());
                            }
                        }
                    }
                }
            }
        }

        /** A Secret the operators create from their secret store, named in the README's prerequisites. */
        private static boolean operatorProvided(String secret) {
            try {
                return Files.readString(manifestRoot().resolve("README.md")).contains("a Secret `" + secret + "`");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        private static String runbook() {
            try {
                return Files.readString(manifestRoot().getParent().getParent().resolve("docs/operations.md"));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        private List<ObjectNode> ofKind(String kind) {
            return resources.stream().filter(r -> r.path("kind").asText().equals(kind)).toList();
        }

        private ObjectNode find(String kind, String namespace, String name) {
            return ofKind(kind).stream()
                    .filter(r -> namespace(r).equals(namespace) && r.path("metadata").path("name").asText().equals(name))
                    .findFirst().orElse(null);
        }

        private Set<String> cnpgAppSecrets() {
            return ofKind("Cluster").stream().map(c -> c.path("metadata").path("name").asText() + "-app")
                    .collect(Collectors.toCollection(TreeSet::new));
        }

        private static Set<String> names(List<ObjectNode> list) {
            return list.stream().map(r -> r.path("metadata").path("name").asText()).collect(Collectors.toCollection(TreeSet::new));
        }

        private static String namespace(JsonNode resource) {
            return resource.path("metadata").path("namespace").asText("");
        }

        static String describe(JsonNode resource) {
            String namespace = namespace(resource);
            return resource.path("kind").asText("?") + " " + (namespace.isEmpty() ? "" : namespace + "/")
                    + resource.path("metadata").path("name").asText("?");
        }

        private static Set<String> types(JsonNode networkPolicy) {
            Set<String> types = new TreeSet<>();
            networkPolicy.path("spec").path("policyTypes").forEach(t -> types.add(t.asText()));
            return types;
        }

        private static Map<String, String> podLabels(JsonNode deployment) {
            return labels(deployment.path("spec").path("template").path("metadata").path("labels"));
        }

        private static Map<String, String> labels(JsonNode map) {
            Map<String, String> labels = new LinkedHashMap<>();
            map.fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
            return labels;
        }

        /** Whether a Service's selector (a plain label map) selects pods with these labels. */
        private static boolean selectsPods(JsonNode service, Map<String, String> pods) {
            Map<String, String> selector = labels(service.path("spec").path("selector"));
            return !selector.isEmpty() && pods.entrySet().containsAll(selector.entrySet());
        }

        private static boolean hasMetricsEndpoint(JsonNode serviceMonitor) {
            for (JsonNode endpoint : serviceMonitor.path("spec").path("endpoints")) {
                if (endpoint.path("path").asText().equals("/q/metrics") && !endpoint.path("port").asText("").isEmpty()) {
                    return true;
                }
            }
            return false;
        }

        /** A Kubernetes LabelSelector (matchLabels and matchExpressions) against a label set; empty selects all. */
        private static boolean matches(JsonNode selector, Map<String, String> labels) {
            if (selector.isMissingNode() || selector.isNull()) {
                return false;
            }
            Map<String, String> required = new HashMap<>(Checks.labels(selector.path("matchLabels")));
            if (!labels.entrySet().containsAll(required.entrySet())) {
                return false;
            }
            for (JsonNode expression : selector.path("matchExpressions")) {
                String key = expression.path("key").asText();
                Set<String> values = new TreeSet<>();
                expression.path("values").forEach(v -> values.add(v.asText()));
                boolean ok = switch (expression.path("operator").asText()) {
                    case "In" -> labels.containsKey(key) && values.contains(labels.get(key));
                    case "NotIn" -> !labels.containsKey(key) || !values.contains(labels.get(key));
                    case "Exists" -> labels.containsKey(key);
                    case "DoesNotExist" -> !labels.containsKey(key);
                    default -> false;
                };
                if (!ok) {
                    return false;
                }
            }
            return true;
        }

        /** The tag of an image reference, "@digest" counting as pinned; null when it has neither. */
        private static String tag(String image) {
            int at = image.indexOf('@');
            if (at >= 0) {
                return image.substring(at);
            }
            String last = image.substring(image.lastIndexOf('/') + 1);
            int colon = last.indexOf(':');
            return colon < 0 || colon == last.length() - 1 ? null : last.substring(colon + 1);
        }
    }
}
