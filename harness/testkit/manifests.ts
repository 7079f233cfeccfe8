import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import { checkAgainstModel, strimziModel, type DocumentReport } from "../strimzi/model.js";
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

const OBSOLETE_ANNOTATIONS = ["strimzi.io/node-pools", "strimzi.io/kraft"];

/**
 * The Kafka versions the pinned Strimzi release (1.2.0, harness/strimzi/pom.xml) runs; a Kafka
 * resource with another `spec.kafka.version` is refused by its operator.
 */
export const STRIMZI_KAFKA_VERSIONS = ["4.2.0", "4.2.1", "4.3.0", "4.3.1"];

/** The Strimzi resources of a learner's manifest file (lessons 3 and 12). */
export class StrimziManifests {
  constructor(
    readonly docs: readonly Doc[],
    /** Strimzi's own API model's verdict on each document (see harness/strimzi/). */
    readonly model: readonly DocumentReport[] = [],
  ) {}

  /** Every error the model found, one line each: "Kafka task-events: spec.kafka.replicas is not a field…". */
  get modelErrors(): string[] {
    return this.model.flatMap((r) =>
      r.errors.map(
        (e) => `${r.kind || "document"} ${r.name || `#${r.index + 1}`}: ${e.path ? `${e.path} ` : ""}${e.message}`,
      ),
    );
  }

  /** Annotations Strimzi ignores since 0.48 (KRaft and node pools are the only mode): harmless, not needed. */
  get obsoleteAnnotations(): string[] {
    const annotations = obj(path(this.kafka, "metadata", "annotations"));
    return OBSOLETE_ANNOTATIONS.filter((a) => a in annotations);
  }

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
 * check with its message. Then Strimzi's API model reads every document (one JVM run); its
 * errors are in `modelErrors`, for `teachStrimziModel`. Hidden checks call it from `beforeAll`.
 */
export async function loadStrimziManifests(file: string, see: string): Promise<StrimziManifests> {
  const root = courseContext().targetRoot;
  if (!root) throw new Error("this check reads a file: run it through the course runner");
  const full = join(root, file);
  const text = await readFile(full, "utf8");
  const parsed = parseAllDocuments(text);
  const docs = Array.isArray(parsed) ? parsed : [parsed];
  for (const d of docs) {
    const err = d.errors[0];
    teach(!err, { expected: "valid YAML", actual: `a YAML error: ${err?.message}`, see });
  }
  const plain = docs.map((d) => obj(d.toJS())).filter((d) => Object.keys(d).length > 0);
  const model = plain.length > 0 ? await checkAgainstModel(await strimziModel(), full) : [];
  return new StrimziManifests(plain, model);
}

/**
 * How long loading may take: the first check on a machine resolves Strimzi's model with Maven
 * (about 19 MB) and compiles the validator; later ones take one JVM run.
 */
export const STRIMZI_MODEL_TIMEOUT_MS = 180_000;

/** Fails with every error Strimzi's model found, each with its path, unless there are none. */
export function teachStrimziModel(m: StrimziManifests, see: string): void {
  const errors = m.modelErrors;
  teach(errors.length === 0, {
    expected:
      "every resource as Strimzi 1.2's API reads it (apiVersion kafka.strimzi.io/v1; each field where the Strimzi API reference puts it)",
    actual: `Strimzi's model classes refuse:\n${errors.map((e) => `  - ${e}`).join("\n")}`,
    see,
  });
}
