// deploy-check (OperatorCrdSchemas.java): validates Strimzi and CloudNativePG resources against their CRD schemas.
// Reads one resource per line (JSON) on stdin; prints, per line, a JSON array of what is wrong with it ([] if nothing).
import { createInterface } from "node:readline";
import { KafkaTopic } from "@kubernetes-models/strimzi-kafka-operator/kafka.strimzi.io/v1/KafkaTopic";
import { KafkaUser } from "@kubernetes-models/strimzi-kafka-operator/kafka.strimzi.io/v1/KafkaUser";
import { Cluster } from "@kubernetes-models/cloudnative-pg/postgresql.cnpg.io/v1/Cluster";

const models = {
  "kafka.strimzi.io/v1 KafkaTopic": KafkaTopic,
  "kafka.strimzi.io/v1 KafkaUser": KafkaUser,
  "postgresql.cnpg.io/v1 Cluster": Cluster,
};

for await (const line of createInterface({ input: process.stdin })) {
  const resource = JSON.parse(line);
  const Model = models[`${resource.apiVersion} ${resource.kind}`];
  if (!Model) {
    console.log(JSON.stringify(["no schema here for " + resource.apiVersion + " " + resource.kind]));
    continue;
  }
  try {
    new Model(resource).validate();
    console.log("[]");
  } catch (e) {
    console.log(JSON.stringify([String(e.message)]));
  }
}
