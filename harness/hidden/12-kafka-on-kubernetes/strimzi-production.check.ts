import { beforeAll, describe, test } from "vitest";
import {
  list,
  loadStrimziManifests,
  obj,
  path,
  teachStrimziModel,
  type Doc,
  type StrimziManifests,
  STRIMZI_MODEL_TIMEOUT_MS,
} from "../../testkit/manifests.js";
import { teach } from "../../testkit/teach.js";

const SEE = "lesson 12, section “Exercise: production manifests”";
const POOLS = "lesson 12, section “Controllers and brokers in separate pools”";
const REPLICATION = "lesson 12, section “Replication that survives a broker”";
const RACKS = "lesson 12, section “Racks, storage, resources and disruptions”";
const ACCESS = "lesson 12, section “TLS, users and ACLs”";
const ZONE_KEYS = ["topology.kubernetes.io/zone", "failure-domain.beta.kubernetes.io/zone"];

let m: StrimziManifests;
beforeAll(async () => {
  m = await loadStrimziManifests("12-kafka-on-kubernetes/strimzi-production.yaml", SEE);
}, STRIMZI_MODEL_TIMEOUT_MS);

const poolName = (p: Doc) => String(path(p, "metadata", "name"));
const brokerPools = () => m.pools.filter((p) => m.roles(p).includes("broker"));
const controllerPools = () => m.pools.filter((p) => m.roles(p).includes("controller"));
/** The zones a node affinity requires (`In` on a zone key), or none. */
function zonesPinned(nodeAffinity: unknown): string[] {
  const terms = list(path(nodeAffinity, "requiredDuringSchedulingIgnoredDuringExecution", "nodeSelectorTerms"));
  return terms
    .flatMap((t) => list(obj(t).matchExpressions).map(obj))
    .filter((e) => ZONE_KEYS.includes(String(e.key)) && e.operator === "In")
    .flatMap((e) => list(e.values).map(String));
}
const POWERS = "KMGT";
/**
 * A Kubernetes memory quantity ("8Gi", "8G", "512Mi") or, with `jvm`, a JVM size ("3g", "3072m",
 * binary as the JVM reads them) in bytes; NaN when absent or unreadable.
 */
function bytes(v: unknown, jvm = false): number {
  const m =
    /^(\d+(?:\.\d+)?)(?:([kKMGT])(i?))?$/.exec(String(v ?? "").trim()) ??
    (jvm ? /^(\d+)([kmgt])()$/i.exec(String(v)) : null);
  if (!m?.[1]) return NaN;
  if (!m[2]) return Number(m[1]);
  const power = POWERS.indexOf(m[2].toUpperCase()) + 1;
  return Number(m[1]) * (m[3] || jvm ? 2 ** (10 * power) : 10 ** (3 * power));
}
/** A config value as a number; YAML may give "2" or 2. */
const num = (v: unknown): number => (v === undefined || v === null || v === "" ? NaN : Number(v));

describe("Production manifests for the task-events cluster", () => {
  test("the resources are there and belong to the cluster", () => {
    const kinds = m.docs.map((d) => String(d.kind));
    teach(m.ofKind("Kafka").length === 1 && m.pools.length >= 2 && m.ofKind("KafkaTopic").length >= 1, {
      expected: "a Kafka, a controller KafkaNodePool, a broker KafkaNodePool, a KafkaTopic and a KafkaUser",
      actual: `the file has: ${kinds.join(", ") || "no resources"}`,
      see: SEE,
    });
    for (const d of m.docs.filter((d) => d.kind !== "Kafka")) {
      teach(path(d, "metadata", "labels", "strimzi.io/cluster") === m.clusterName, {
        expected: `${String(d.kind)} ${String(path(d, "metadata", "name"))} labelled strimzi.io/cluster: ${m.clusterName}`,
        actual: `its label is ${JSON.stringify(path(d, "metadata", "labels", "strimzi.io/cluster"))}`,
        see: SEE,
      });
    }
  });

  test("every resource is valid for Strimzi's kafka.strimzi.io/v1 API (Strimzi's own model classes read it)", () => {
    teachStrimziModel(m, SEE);
  });

  test("three dedicated controllers: the quorum survives losing one", () => {
    const controllers = m.nodesWith("controller");
    teach(controllers >= 3 && controllers % 2 === 1, {
      expected: "an odd number of controllers, at least 3: a majority must remain when one is down",
      actual:
        controllers === 1
          ? "a single controller: when it is down or restarting no leader can move, no topic can be created and restarted brokers cannot rejoin"
          : `${controllers} controller(s): ${controllers % 2 === 0 ? "an even number tolerates no more failures than one fewer" : "too few for a majority after a failure"}`,
      see: POOLS,
    });
    for (const p of controllerPools()) {
      teach(m.roles(p).length === 1, {
        expected: `controller pool ${poolName(p)} with roles [controller] only`,
        actual: `its roles are ${JSON.stringify(m.roles(p))}: busy brokers would share their nodes with the quorum`,
        see: POOLS,
      });
    }
    teach(m.nodesWith("broker") >= 3, {
      expected: "at least 3 broker nodes, so three copies of a partition fit on three brokers",
      actual: `${m.nodesWith("broker")} broker node(s)`,
      see: POOLS,
    });
  });

  test("writes survive one broker down, and acknowledged writes are never lost", () => {
    const c = m.config;
    const brokers = m.nodesWith("broker");
    for (const [rfKey, isrKey] of [
      ["default.replication.factor", "min.insync.replicas"],
      ["transaction.state.log.replication.factor", "transaction.state.log.min.isr"],
    ] as const) {
      const rf = num(c[rfKey]);
      const isr = num(c[isrKey]);
      teach(rf >= 3 && rf <= brokers, {
        expected: `${rfKey}: 3 (three copies on ${brokers} brokers)`,
        actual: `${rfKey} is ${String(c[rfKey] ?? "not set")}`,
        see: REPLICATION,
      });
      teach(isr >= 2, {
        expected: `${isrKey}: 2, so every acknowledged write exists on two brokers`,
        actual: `${isrKey} is ${String(c[isrKey] ?? "not set (1)")}: an acks=all write can be acknowledged with a single copy and lost with that broker`,
        see: REPLICATION,
      });
      teach(isr < rf, {
        expected: `${isrKey} below ${rfKey} (2 with 3 copies), so one broker can be down`,
        actual: `${isrKey} ${isr} equals ${rfKey} ${rf}: min ISR equal to RF tolerates no failure — the first broker restart stops every acks=all producer with NOT_ENOUGH_REPLICAS`,
        see: REPLICATION,
      });
    }
    teach(num(c["offsets.topic.replication.factor"]) >= 3, {
      expected: "offsets.topic.replication.factor: 3 (consumer group offsets survive a broker)",
      actual: `it is ${String(c["offsets.topic.replication.factor"] ?? "not set")}`,
      see: REPLICATION,
    });
    const unclean = c["unclean.leader.election.enable"];
    teach(unclean === false || unclean === "false", {
      expected: "unclean.leader.election.enable: false, set explicitly",
      actual:
        unclean === true || unclean === "true"
          ? "unclean leader election is on: an out-of-date replica may become leader and acknowledged writes silently disappear"
          : "it is not set: say it explicitly, so nobody turns it on without noticing",
      see: REPLICATION,
    });
  });

  test("replicas and pods are spread across zones (rack awareness)", () => {
    const key = String(path(m.kafka, "spec", "kafka", "rack", "topologyKey") ?? "");
    teach(ZONE_KEYS.includes(key), {
      expected: "spec.kafka.rack.topologyKey: topology.kubernetes.io/zone",
      actual: key
        ? `the rack key is ${key}, which is not a zone`
        : "no rack awareness across zones: all three copies of a partition may sit in one zone, and a zone outage takes them all",
      see: RACKS,
    });
    for (const p of brokerPools()) {
      const spread = list(path(p, "spec", "template", "pod", "topologySpreadConstraints")).map(obj);
      const affinity = obj(path(p, "spec", "template", "pod", "affinity"));
      const anti = affinity.podAntiAffinity;
      // A pool per zone pins its pods to one zone with node affinity; the pools together span the zones.
      const pinned = zonesPinned(affinity.nodeAffinity);
      const byZone =
        spread.some((s) => ZONE_KEYS.includes(String(s.topologyKey))) ||
        JSON.stringify(anti ?? "").includes("zone") ||
        pinned.length > 0;
      teach(byZone, {
        expected: `broker pool ${poolName(p)} spreading its pods across zones (template.pod.topologySpreadConstraints on topology.kubernetes.io/zone, or one pool per zone pinned by node affinity)`,
        actual: "its pods may all be scheduled into one zone",
        see: RACKS,
      });
    }
  });

  test("pools pinned to zones cover at least three zones", () => {
    const pinned = brokerPools().map((p) =>
      zonesPinned(path(p, "spec", "template", "pod", "affinity", "nodeAffinity")),
    );
    if (pinned.every((z) => z.length === 0)) return;
    const zones = new Set(pinned.flat());
    teach(pinned.every((z) => z.length > 0) && zones.size >= 3, {
      expected: "broker pools pinned to zones that together cover three zones",
      actual: `the pools' zones: ${pinned.map((z, i) => `${poolName(brokerPools()[i] ?? {})} ${z.join("/") || "any"}`).join(", ")}`,
      see: RACKS,
    });
  });

  test("storage is persistent and kept; memory is reserved", () => {
    for (const p of m.pools) {
      const storage = obj(path(p, "spec", "storage"));
      const volumes = storage.type === "jbod" ? list(storage.volumes).map(obj) : [storage];
      const kept = volumes.length > 0 && volumes.every((v) => v.type === "persistent-claim" && v.deleteClaim !== true);
      teach(kept, {
        expected: `pool ${poolName(p)} on persistent-claim volumes with deleteClaim: false`,
        actual: `its volumes are ${JSON.stringify(volumes.map((v) => ({ type: v.type, deleteClaim: v.deleteClaim })))}: data lost when a pod moves or the cluster resource is deleted`,
        see: RACKS,
      });
      const memory = path(p, "spec", "resources", "requests", "memory");
      const limit = path(p, "spec", "resources", "limits", "memory");
      teach(memory !== undefined && limit !== undefined, {
        expected: `pool ${poolName(p)} with resources.requests.memory and resources.limits.memory`,
        actual: `requests.memory ${String(memory ?? "not set")}, limits.memory ${String(limit ?? "not set")}`,
        see: RACKS,
      });
      teach(bytes(memory) === bytes(limit), {
        expected: `pool ${poolName(p)} with its memory limit equal to its request`,
        actual: `request ${String(memory)}, limit ${String(limit)}: the pod may use memory the scheduler never reserved, and under node memory pressure a pod above its request is evicted first`,
        see: RACKS,
      });
      const heap = bytes(path(p, "spec", "jvmOptions", "-Xmx"), true);
      teach(Number.isNaN(heap) || heap <= 0.75 * bytes(limit), {
        expected: `pool ${poolName(p)} with -Xmx at most three quarters of its memory limit`,
        actual: `-Xmx ${String(path(p, "spec", "jvmOptions", "-Xmx"))} with a ${String(limit)} limit: no headroom between -Xmx and the limit for the JVM's memory outside the heap, so the container is OOM-killed`,
        see: RACKS,
      });
    }
  });

  test("a node drain takes at most one broker at a time", () => {
    const max = path(m.kafka, "spec", "kafka", "template", "podDisruptionBudget", "maxUnavailable");
    teach(max === undefined || num(max) === 1, {
      expected: "template.podDisruptionBudget.maxUnavailable: 1 (Strimzi's default)",
      actual: `maxUnavailable is ${String(max)}: ${num(max) === 0 ? "drains can never finish" : "two brokers down at once stops acks=all writes with min ISR 2"}`,
      see: RACKS,
    });
  });

  test("clients connect over TLS, are authenticated and authorised", () => {
    const listeners = list(path(m.kafka, "spec", "kafka", "listeners")).map(obj);
    teach(listeners.length > 0, { expected: "at least one listener", actual: "no listeners", see: ACCESS });
    for (const l of listeners) {
      teach(l.tls === true && obj(l.authentication).type !== undefined, {
        expected: `listener ${String(l.name)} with tls: true and authentication (tls or scram-sha-512)`,
        actual: `tls ${String(l.tls)}, authentication ${JSON.stringify(l.authentication ?? null)}`,
        see: ACCESS,
      });
    }
    teach(path(m.kafka, "spec", "kafka", "authorization", "type") === "simple", {
      expected: "spec.kafka.authorization.type: simple, so ACLs are enforced",
      actual: `authorization is ${JSON.stringify(path(m.kafka, "spec", "kafka", "authorization") ?? null)}`,
      see: ACCESS,
    });
  });

  test("the task-events topic keeps three copies, needs two, and has a retention", () => {
    const topic = m.ofKind("KafkaTopic").find((t) => path(t, "metadata", "name") === "task-events") ?? {};
    const replicas = num(path(topic, "spec", "replicas"));
    const config = obj(path(topic, "spec", "config"));
    const isr = num(config["min.insync.replicas"] ?? m.config["min.insync.replicas"]);
    teach(replicas >= 3 && replicas <= m.nodesWith("broker"), {
      expected: "KafkaTopic task-events with replicas: 3",
      actual: `replicas is ${String(path(topic, "spec", "replicas") ?? "not set")}`,
      see: SEE,
    });
    teach(isr >= 2 && isr < replicas, {
      expected: "the topic's min.insync.replicas 2 (below its 3 replicas)",
      actual: `min.insync.replicas ${isr} with ${replicas} replicas`,
      see: REPLICATION,
    });
    teach(config["retention.ms"] !== undefined || config["retention.bytes"] !== undefined, {
      expected: "a retention chosen on purpose (retention.ms)",
      actual: "the topic sets no retention",
      see: SEE,
    });
  });

  test("the notifier user may read task-events with its group, and nothing else", () => {
    const user = m.ofKind("KafkaUser").find((u) => path(u, "metadata", "name") === "notifier") ?? {};
    teach(["tls", "scram-sha-512"].includes(String(path(user, "spec", "authentication", "type"))), {
      expected: "KafkaUser notifier with authentication type tls (or scram-sha-512)",
      actual: `authentication ${JSON.stringify(path(user, "spec", "authentication") ?? null)}`,
      see: ACCESS,
    });
    const acls = list(path(user, "spec", "authorization", "acls")).map(obj);
    const grants = acls.flatMap((a) => {
      const r = obj(a.resource);
      const ops = [...list(a.operations), ...(a.operation ? [a.operation] : [])].map(String);
      return ops.map((op) => ({
        type: String(r.type),
        name: String(r.name),
        pattern: String(r.patternType ?? "literal"),
        op,
      }));
    });
    const has = (type: string, name: string, op: string) =>
      grants.some((g) => g.type === type && g.name === name && g.pattern === "literal" && g.op === op);
    teach(has("topic", "task-events", "Read") && has("group", "notifier", "Read"), {
      expected: "ACLs: Read on topic task-events and Read on group notifier (literal names)",
      actual: `the ACLs grant ${grants.map((g) => `${g.op} on ${g.type} ${g.name}`).join(", ") || "nothing"}`,
      see: ACCESS,
    });
    const wide = grants.filter(
      (g) =>
        g.name === "*" ||
        g.pattern === "prefix" ||
        ["All", "Write", "Alter", "Delete", "Create", "AlterConfigs"].includes(g.op) ||
        !((g.type === "topic" && g.name === "task-events") || (g.type === "group" && g.name === "notifier")),
    );
    teach(wide.length === 0, {
      expected: "nothing beyond what a reader of task-events needs (least privilege)",
      actual: `it also grants ${wide.map((g) => `${g.op} on ${g.type} ${g.name}${g.pattern === "prefix" ? "*" : ""}`).join(", ")}: a bug or a leaked certificate could use that`,
      see: ACCESS,
    });
  });
});
