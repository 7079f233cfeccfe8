import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import { courseContext } from "./kafka.js";
import { teach } from "./teach.js";

/** One YAML document of a Kubernetes manifest file, as plain data. */
export type Doc = Record<string, unknown>;

/** The value as an object, or an empty one: manifests written by learners may have any shape. */
export const obj = (v: unknown): Doc => (v && typeof v === "object" && !Array.isArray(v) ? (v as Doc) : {});
/** The value at a path of keys, or undefined when any step is missing. */
export const path = (d: unknown, ...keys: string[]): unknown => keys.reduce<unknown>((v, k) => obj(v)[k], d);
/** The value as a list, or an empty one. */
export const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** The Strimzi resources of a learner's manifest file (lessons 3 and 12). */
export class StrimziManifests {
  constructor(readonly docs: readonly Doc[]) {}

  ofKind(kind: string): Doc[] {
    return this.docs.filter((d) => d.kind === kind);
  }

  /** The one Kafka resource (an empty object when there is none). */
  get kafka(): Doc {
    return this.ofKind("Kafka")[0] ?? {};
  }

  get pools(): Doc[] {
    return this.ofKind("KafkaNodePool");
  }

  get clusterName(): string {
    return String(path(this.kafka, "metadata", "name") ?? "");
  }

  /** The Kafka's spec.kafka.config. */
  get config(): Doc {
    return obj(path(this.kafka, "spec", "kafka", "config"));
  }

  roles(pool: Doc): string[] {
    return list(path(pool, "spec", "roles")).map(String);
  }

  /** How many nodes have the role, summed over the pools. */
  nodesWith(role: "broker" | "controller"): number {
    return this.pools
      .filter((p) => this.roles(p).includes(role))
      .reduce((n, p) => n + Number(path(p, "spec", "replicas") ?? 0), 0);
  }
}

/**
 * Reads and parses `<targetRoot>/<file>` (a multi-document YAML file); a YAML error fails the
 * check with its message. Hidden checks call it from `beforeAll`.
 */
export async function loadStrimziManifests(file: string, see: string): Promise<StrimziManifests> {
  const root = courseContext().targetRoot;
  if (!root) throw new Error("this check reads a file: run it through the course runner");
  const text = await readFile(join(root, file), "utf8");
  const parsed = parseAllDocuments(text);
  const docs = Array.isArray(parsed) ? parsed : [parsed];
  for (const d of docs) {
    const err = d.errors[0];
    teach(!err, { expected: "valid YAML", actual: `a YAML error: ${err?.message}`, see });
  }
  return new StrimziManifests(docs.map((d) => obj(d.toJS())).filter((d) => Object.keys(d).length > 0));
}
