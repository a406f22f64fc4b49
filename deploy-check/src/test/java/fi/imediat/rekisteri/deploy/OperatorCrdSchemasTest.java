package fi.imediat.rekisteri.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the operators' CRD schemas hold a resource to: the pinned validators run, and find what is wrong. */
class OperatorCrdSchemasTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void validResourcesPassAndWrongTypesOrMissingFieldsAreNamed() throws Exception {
        ObjectNode user = resource("""
                {"apiVersion": "kafka.strimzi.io/v1", "kind": "KafkaUser", "metadata": {"name": "crm"},
                 "spec": {"authentication": {"type": "scram-sha-512"},
                          "authorization": {"type": "simple", "acls": [{"resource": {"type": "topic",
                              "name": "rekisteri.consent.v1", "patternType": "literal"}, "operations": ["Read"]}]}}}""");
        ObjectNode v1beta2Acl = resource(user.toString().replace("\"operations\":[\"Read\"]",
                "\"operation\":\"Read\""));
        ObjectNode topic = resource("""
                {"apiVersion": "kafka.strimzi.io/v1", "kind": "KafkaTopic", "metadata": {"name": "t"},
                 "spec": {"topicName": "rekisteri.consent.v1", "partitions": "three", "replicas": 3}}""");
        ObjectNode cluster = resource("""
                {"apiVersion": "postgresql.cnpg.io/v1", "kind": "Cluster", "metadata": {"name": "db"},
                 "spec": {"instances": "three", "storage": {"size": "1Gi"}}}""");

        List<List<String>> results = OperatorCrdSchemas.validate(List.of(user, v1beta2Acl, topic, cluster));

        assertEquals(List.of(), results.get(0));
        assertTrue(results.get(1).toString().contains("operations"), results.get(1).toString());
        assertTrue(results.get(2).toString().contains("partitions"), results.get(2).toString());
        assertTrue(results.get(3).toString().contains("instances"), results.get(3).toString());
    }

    private static ObjectNode resource(String json) throws Exception {
        return (ObjectNode) JSON.readTree(json);
    }
}
