import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { PROJECT_ROOT } from "../testing/course-root.js";
import { checkAgainstModel, strimziModel, type StrimziModel } from "./model.js";

let model: StrimziModel;
let dir: string;
beforeAll(async () => {
  model = await strimziModel();
  dir = await mkdtemp(join(tmpdir(), "strimzi-model-test-"));
}, 180_000);
afterAll(() => rm(dir, { recursive: true, force: true }));

async function errorsOf(yaml: string): Promise<string[]> {
  const file = join(dir, `m-${Math.random().toString(36).slice(2)}.yaml`);
  await writeFile(file, yaml);
  const reports = await checkAgainstModel(model, file);
  return reports.flatMap((r) => r.errors.map((e) => `${r.kind} ${e.path}: ${e.message}`));
}

const KAFKA = `apiVersion: kafka.strimzi.io/v1
kind: Kafka
metadata:
  name: c
spec:
  kafka:
    version: 4.3.1
    listeners:
      - name: plain
        port: 9092
        type: internal
        tls: false
---
apiVersion: kafka.strimzi.io/v1
kind: KafkaNodePool
metadata:
  name: pool
  labels:
    strimzi.io/cluster: c
spec:
  replicas: 1
  roles: [controller, broker]
  storage:
    type: ephemeral
`;

test("the reference manifests of lessons 3 and 12 are valid Strimzi v1 resources", async () => {
  for (const file of [
    "solutions/03-kraft-strimzi/strimzi-dev-cluster.yaml",
    "solutions/12-kafka-on-kubernetes/strimzi-production.yaml",
  ]) {
    const reports = await checkAgainstModel(model, join(PROJECT_ROOT, file));
    expect(reports.length, file).toBeGreaterThanOrEqual(3);
    expect(
      reports.flatMap((r) => r.errors),
      file,
    ).toEqual([]);
  }
});

test("a field in the wrong place, a typo and an unknown value are errors with their path", async () => {
  const t0 = performance.now();
  const errors = await errorsOf(
    KAFKA.replace("    version: 4.3.1\n", "    version: 4.3.1\n    replicas: 3\n")
      .replace("        tls: false", "        tsl: false")
      .replace("roles: [controller, broker]", "roles: [controler, broker]"),
  );
  console.log(`one model check: ${Math.round(performance.now() - t0)} ms`);
  expect(errors).toEqual([
    expect.stringMatching(/^Kafka spec\.kafka\.replicas: is not a field of KafkaClusterSpec.*listeners/),
    expect.stringMatching(/^Kafka spec\.kafka\.listeners\[0\]\.tsl: is not a field of GenericKafkaListener.*tls/),
    expect.stringMatching(/^KafkaNodePool spec\.roles\[0\]: "controler" is not a value/),
  ]);
});

test("the removed v1beta2 API, a ZooKeeper section and an unknown listener type are refused", async () => {
  const errors = await errorsOf(
    KAFKA.replace(
      "apiVersion: kafka.strimzi.io/v1\nkind: Kafka\n",
      "apiVersion: kafka.strimzi.io/v1beta2\nkind: Kafka\n",
    )
      .replace("  kafka:\n", "  zookeeper:\n    replicas: 3\n  kafka:\n")
      .replace("type: internal", "type: nodeports"),
  );
  expect(errors).toEqual([
    expect.stringMatching(
      /^Kafka apiVersion: is kafka\.strimzi\.io\/v1beta2; Strimzi 1\.x serves only kafka\.strimzi\.io\/v1/,
    ),
    expect.stringMatching(/^Kafka spec\.zookeeper: is not a field of KafkaSpec/),
    expect.stringMatching(/^Kafka spec\.kafka\.listeners\[0\]\.type: "nodeports" is not a value/),
  ]);
});

test("a document that is not a Strimzi resource says which kinds are", async () => {
  const errors = await errorsOf("apiVersion: kafka.strimzi.io/v1\nkind: KafkaCluster\nmetadata:\n  name: x\n");
  expect(errors).toEqual([
    expect.stringMatching(/^KafkaCluster kind: is KafkaCluster, not a Strimzi resource.*KafkaNodePool/),
  ]);
});
