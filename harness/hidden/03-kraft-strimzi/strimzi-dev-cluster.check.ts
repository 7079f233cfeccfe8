import { beforeAll, describe, test } from "vitest";
import {
  loadStrimziManifests,
  obj,
  path,
  STRIMZI_KAFKA_VERSIONS,
  teachStrimziModel,
  type Doc,
  type StrimziManifests,
  STRIMZI_MODEL_TIMEOUT_MS,
} from "../../testkit/manifests.js";
import { teach } from "../../testkit/teach.js";

const SEE = "lesson 3, section “Exercise: a dev cluster on Kubernetes”";
const RESOURCES = "lesson 3, section “Strimzi: Kafka as Kubernetes resources”";
const EXTERNAL_TYPES = ["nodeport", "loadbalancer", "route", "ingress", "cluster-ip"];

let m: StrimziManifests;
let docs: readonly Doc[] = [];
const ofKind = (kind: string) => m.ofKind(kind);
const kafka = () => m.kafka;
const pools = () => m.pools;
const topic = () => ofKind("KafkaTopic")[0] ?? {};
const clusterName = () => m.clusterName;
const brokerCount = () => m.nodesWith("broker");

beforeAll(async () => {
  m = await loadStrimziManifests("03-kraft-strimzi/strimzi-dev-cluster.yaml", SEE);
  docs = m.docs;
}, STRIMZI_MODEL_TIMEOUT_MS);

describe("A Strimzi dev cluster in KRaft mode", () => {
  test("one Kafka, at least one KafkaNodePool and a KafkaTopic", () => {
    const kinds = docs.map((d) => String(d.kind));
    teach(ofKind("Kafka").length === 1 && pools().length >= 1 && ofKind("KafkaTopic").length >= 1, {
      expected: "three documents separated by ---: a Kafka, a KafkaNodePool and a KafkaTopic",
      actual: `the file has: ${kinds.join(", ") || "no resources"}`,
      see: SEE,
    });
  });

  test("every resource is valid for Strimzi's kafka.strimzi.io/v1 API (Strimzi's own model classes read it)", () => {
    teachStrimziModel(m, RESOURCES);
  });

  // The obsolete strimzi.io/kraft and strimzi.io/node-pools annotations are accepted: Strimzi
  // ignores them since 0.48 (see m.obsoleteAnnotations; the lesson says so).
  test("KRaft is the only mode: no ZooKeeper, and a Kafka version this Strimzi runs", () => {
    const version = path(kafka(), "spec", "kafka", "version");
    teach(version === undefined || STRIMZI_KAFKA_VERSIONS.includes(String(version)), {
      expected: `spec.kafka.version one of ${STRIMZI_KAFKA_VERSIONS.join(", ")} (what Strimzi 1.2 runs), or none for its default`,
      actual: `version ${String(version)}: the operator refuses it and never starts the cluster`,
      see: RESOURCES,
    });
    teach(path(kafka(), "spec", "zookeeper") === undefined, {
      expected: "no zookeeper section: Kafka 4 keeps its metadata in the KRaft controllers",
      actual: "the Kafka still has a spec.zookeeper section",
      see: "lesson 3, section “Controllers, brokers and the metadata quorum”",
    });
  });

  test("the node pool belongs to the cluster and its node is controller and broker", () => {
    for (const p of pools()) {
      const name = String(path(p, "metadata", "name"));
      const label = path(p, "metadata", "labels", "strimzi.io/cluster");
      teach(label === clusterName(), {
        expected: `node pool ${name} labelled strimzi.io/cluster: ${clusterName()}`,
        actual: `its label is ${JSON.stringify(label)}`,
        see: SEE,
      });
      const roles = path(p, "spec", "roles");
      teach(Array.isArray(roles) && roles.length > 0, {
        expected: `node pool ${name} with roles (for a dev cluster: [controller, broker])`,
        actual: "it has no roles, so Strimzi cannot tell whether its nodes run the quorum or store data",
        see: RESOURCES,
      });
      teach(Number(path(p, "spec", "replicas")) >= 1 && path(p, "spec", "storage") !== undefined, {
        expected: `node pool ${name} with replicas ≥ 1 and storage`,
        actual: `replicas ${String(path(p, "spec", "replicas"))}, storage ${path(p, "spec", "storage") ? "set" : "missing"}`,
        see: SEE,
      });
    }
    const roles = pools().flatMap((p) => (path(p, "spec", "roles") as string[] | undefined) ?? []);
    teach(roles.includes("controller") && roles.includes("broker"), {
      expected: "nodes with the controller role and nodes with the broker role (one dual-role pool here)",
      actual: `the pools' roles are ${JSON.stringify(roles)}`,
      see: SEE,
    });
  });

  test("two listeners, one internal and one external, with unique names and ports", () => {
    const listeners = (path(kafka(), "spec", "kafka", "listeners") as Doc[] | undefined) ?? [];
    const names = listeners.map((l) => String(l.name));
    const ports = listeners.map((l) => Number(l.port));
    teach(listeners.length >= 2, {
      expected: "at least two listeners: one for clients inside Kubernetes, one from outside",
      actual: `${listeners.length} listener(s)`,
      see: SEE,
    });
    teach(new Set(names).size === names.length && new Set(ports).size === ports.length, {
      expected: "listener names unique and ports unique",
      actual: `names ${names.join(", ")}; ports ${ports.join(", ")}`,
      see: RESOURCES,
    });
    for (const n of names) {
      teach(/^[a-z0-9]{1,11}$/.test(n), {
        expected: "listener names of lowercase letters and digits, at most 11 characters",
        actual: `a listener is named "${n}"`,
        see: RESOURCES,
      });
    }
    const types = listeners.map((l) => String(l.type));
    teach(types.includes("internal") && types.some((t) => EXTERNAL_TYPES.includes(t) && t !== "cluster-ip"), {
      expected:
        "one listener of type internal and one reachable from outside (nodeport, loadbalancer, route or ingress)",
      actual: `listener types ${types.join(", ")}`,
      see: SEE,
    });
  });

  test("replication settings fit the number of broker nodes", () => {
    const nodes = brokerCount();
    const config = obj(path(kafka(), "spec", "kafka", "config"));
    const rfKeys = [
      "offsets.topic.replication.factor",
      "transaction.state.log.replication.factor",
      "default.replication.factor",
    ];
    for (const key of rfKeys) {
      const value = config[key];
      teach(value !== undefined, {
        expected: `${key} set explicitly (its default, 3, does not fit a ${nodes}-node cluster)`,
        actual: `${key} is not set`,
        see: "lesson 3, section “The broker this course runs”",
      });
      teach(Number(value) >= 1 && Number(value) <= nodes, {
        expected: `${key} between 1 and the number of brokers (${nodes}): Kafka cannot put two copies on one broker`,
        actual: `${key} is ${String(value)} with ${nodes} broker node(s)`,
        see: RESOURCES,
      });
    }
    const minIsr = Number(config["min.insync.replicas"] ?? 1);
    teach(minIsr <= Number(config["default.replication.factor"] ?? 1), {
      expected: "min.insync.replicas at most the replication factor",
      actual: `min.insync.replicas ${minIsr} > default.replication.factor ${String(config["default.replication.factor"])}: every acks=all write would fail`,
      see: RESOURCES,
    });
    const txIsr = Number(config["transaction.state.log.min.isr"] ?? 1);
    teach(txIsr <= Number(config["transaction.state.log.replication.factor"] ?? 1), {
      expected: "transaction.state.log.min.isr at most transaction.state.log.replication.factor",
      actual: `${txIsr} > ${String(config["transaction.state.log.replication.factor"])}`,
      see: RESOURCES,
    });
    const replicas = Number(path(topic(), "spec", "replicas"));
    teach(replicas >= 1 && replicas <= nodes, {
      expected: `the KafkaTopic's replicas between 1 and the number of brokers (${nodes})`,
      actual: `the topic asks for ${String(path(topic(), "spec", "replicas"))} replica(s) with ${nodes} broker node(s): the replication factor is above the node count`,
      see: RESOURCES,
    });
  });

  test("the topic belongs to the cluster, has partitions and a retention", () => {
    teach(path(topic(), "metadata", "labels", "strimzi.io/cluster") === clusterName(), {
      expected: `the KafkaTopic labelled strimzi.io/cluster: ${clusterName()}, so the topic operator manages it`,
      actual: `its label is ${JSON.stringify(path(topic(), "metadata", "labels", "strimzi.io/cluster"))}`,
      see: SEE,
    });
    teach(Number(path(topic(), "spec", "partitions")) >= 1, {
      expected: "spec.partitions of at least 1",
      actual: `partitions is ${String(path(topic(), "spec", "partitions"))}`,
      see: SEE,
    });
    const config = obj(path(topic(), "spec", "config"));
    teach(config["retention.ms"] !== undefined || config["retention.bytes"] !== undefined, {
      expected: "a retention on the topic (retention.ms), so nobody has to guess how long events stay",
      actual: "the topic's config sets no retention",
      see: SEE,
    });
  });
});
