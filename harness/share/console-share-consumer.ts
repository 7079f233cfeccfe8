import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { cacheRoot, resolveKafkaJars } from "../broker/jvm-tools.js";
import type { KafkaConnection } from "../broker/types.js";
import { mavenInto } from "../jvm/tools.js";

const POM = join(dirname(fileURLToPath(import.meta.url)), "pom.xml");
const MAIN = "org.apache.kafka.tools.consumer.ConsoleShareConsumer";

/** How the console share consumer acknowledges what it received (`--release`, `--reject`, or neither). */
export type Acknowledgement = "accept" | "release" | "reject";

export interface ShareRecord {
  readonly offset: number;
  /** How many times the broker has handed this record out, this delivery included. */
  readonly delivery: number;
  readonly key: string;
  readonly value: string;
}

export interface ShareConsumerRun {
  readonly topic: string;
  readonly group: string;
  readonly acknowledge: Acknowledgement;
  /** Exit after this many records. */
  readonly maxMessages: number;
  /** Exit when nothing arrived for this long. */
  readonly idleTimeoutMs: number;
}

/**
 * The classpath for Kafka's console share consumer: the broker's jars plus kafka-tools, resolved
 * from Maven Central into the course cache once.
 */
export async function shareToolsClasspath(onProgress: (m: string) => void): Promise<string> {
  const jars = await resolveKafkaJars(onProgress);
  const tools = join(cacheRoot(), `kafka-${jars.version}`, "tools");
  if (!existsSync(join(tools, `kafka-tools-${jars.version}.jar`))) {
    onProgress(`resolving kafka-tools ${jars.version} from Maven Central (first run only)`);
    await mavenInto(POM, "copy-dependencies", tools, "the kafka-tools jar", [
      `-Dkafka.version=${jars.version}`,
      "-DexcludeTransitive=true",
    ]);
  }
  return `${join(tools, "*")}:${jars.classpath}`;
}

/** `kafka-console-share-consumer.sh` arguments for one run (printing offset, delivery count, key, value). */
export function shareConsumerArgs(connection: KafkaConnection, run: ShareConsumerRun): string[] {
  return [
    "--bootstrap-server",
    connection.brokers.join(","),
    "--topic",
    run.topic,
    "--group",
    run.group,
    "--max-messages",
    String(run.maxMessages),
    "--timeout-ms",
    String(run.idleTimeoutMs),
    ...(run.acknowledge === "accept" ? [] : [`--${run.acknowledge}`]),
    ...["print.offset=true", "print.delivery=true", "print.key=true"].flatMap((p) => ["--formatter-property", p]),
  ];
}

/** Reads the formatter's lines: `Offset:3<TAB>Delivery:2<TAB>task-4<TAB>summarise 4`. */
export function parseShareRecords(stdout: string): ShareRecord[] {
  const records: ShareRecord[] = [];
  for (const line of stdout.split("\n")) {
    const m = /^Offset:(\d+)\tDelivery:(\d+)\t([^\t]*)\t(.*)$/.exec(line);
    if (m) records.push({ offset: Number(m[1]), delivery: Number(m[2]), key: m[3] ?? "", value: m[4] ?? "" });
  }
  return records;
}

/** Runs the console share consumer once on the JVM and returns the records it printed. */
export function runShareConsumer(
  classpath: string,
  connection: KafkaConnection,
  run: ShareConsumerRun,
): Promise<ShareRecord[]> {
  if (connection.ssl || connection.sasl) {
    return Promise.reject(new Error("the share demo runs against a plaintext cluster only (the course broker)"));
  }
  const args = ["-XX:TieredStopAtLevel=1", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", classpath, MAIN];
  return new Promise((resolve, reject) => {
    const p = spawn("java", [...args, ...shareConsumerArgs(connection, run)], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    p.stdout.on("data", (d: Buffer) => (out += d.toString()));
    p.stderr.on("data", (d: Buffer) => (err += d.toString()));
    p.on("error", reject);
    p.on("exit", (code) => {
      // The tool exits 0 after --max-messages and also when --timeout-ms passed without a record.
      if (code === 0 || /TimeoutException/.test(err)) resolve(parseShareRecords(out));
      else
        reject(
          new Error(`the console share consumer exited with ${code}: ${err.trim().split("\n").slice(-5).join("\n")}`),
        );
    });
  });
}
