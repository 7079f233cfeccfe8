import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { mavenInto, ownedLauncher } from "../jvm/tools.js";

const here = dirname(fileURLToPath(import.meta.url));
const POM_PATH = join(here, "pom.xml");
/** The folder under plugin.path that holds the connector, as Connect's docs lay a plugin out. */
export const DEBEZIUM_PLUGIN = "debezium-connector-postgres";

export function connectCacheRoot(): string {
  return process.env.KAFKA_COURSE_CONNECT_CACHE ?? join(here, ".cache");
}

/**
 * The Connect runtime the pom pins: the Kafka release Debezium 3.6 is built and tested against
 * (4.3.1), which talks to the course's newer broker as any client does. On the broker's 4.4.0
 * runtime the connector never streamed a row (the routed topic stayed empty for 30 s).
 */
export async function pinnedConnectVersion(): Promise<string> {
  const m = /<kafka\.version>([^<]+)<\/kafka\.version>/.exec(await readFile(POM_PATH, "utf8"));
  if (!m?.[1]) throw new Error(`${POM_PATH} has no <kafka.version>`);
  return m[1];
}

/** The Debezium version the pom pins: one place decides it. */
export async function pinnedDebeziumVersion(): Promise<string> {
  const m = /<debezium\.version>([^<]+)<\/debezium\.version>/.exec(await readFile(POM_PATH, "utf8"));
  if (!m?.[1]) throw new Error(`${POM_PATH} has no <debezium.version>`);
  return m[1];
}

export interface ConnectJars {
  readonly kafkaVersion: string;
  readonly debeziumVersion: string;
  /** The folder of these jars in the course cache (the worker's class archive lives there). */
  readonly dir: string;
  /** The worker's classpath: Connect's runtime, an slf4j binding and OwnedLauncher when javac exists. */
  readonly classpath: string;
  readonly launcher: string | undefined;
  /** The worker's plugin.path: one folder per plugin, the Debezium PostgreSQL connector in it. */
  readonly pluginPath: string;
  /** True when this call ran Maven. */
  readonly downloaded: boolean;
}

/**
 * Kafka Connect at the broker's Kafka version and the Debezium PostgreSQL connector, resolved
 * from Maven Central into the course cache once; a second call finds them and runs no Maven.
 */
export async function resolveConnectJars(onProgress: (m: string) => void): Promise<ConnectJars> {
  const [kafkaVersion, debeziumVersion] = await Promise.all([pinnedConnectVersion(), pinnedDebeziumVersion()]);
  const dir = join(connectCacheRoot(), `connect-${kafkaVersion}-debezium-${debeziumVersion}`);
  const libs = join(dir, "libs");
  const pluginPath = join(dir, "plugins");
  const plugin = join(pluginPath, DEBEZIUM_PLUGIN);
  const version = `-Dkafka.version=${kafkaVersion}`;
  let downloaded = false;
  if (!existsSync(join(libs, `connect-runtime-${kafkaVersion}.jar`))) {
    onProgress(`resolving Kafka Connect ${kafkaVersion} from Maven Central (first run only, ~34 MB)`);
    await mavenInto(POM_PATH, "copy-dependencies", libs, "Kafka Connect", [
      "-Pworker",
      version,
      "-DincludeScope=runtime",
    ]);
    downloaded = true;
  }
  if (!existsSync(join(plugin, `debezium-connector-postgres-${debeziumVersion}.jar`))) {
    onProgress(
      `resolving Debezium ${debeziumVersion} (PostgreSQL connector) from Maven Central (first run only, ~18 MB)`,
    );
    // Without Kafka's and slf4j's jars: the worker has them, and a plugin must not bring another copy.
    await mavenInto(POM_PATH, "copy-dependencies", plugin, "the Debezium PostgreSQL connector", [
      "-Pdebezium",
      version,
      "-DincludeScope=runtime",
      "-DexcludeGroupIds=org.apache.kafka,org.slf4j",
    ]);
    downloaded = true;
  }
  const launcher = await ownedLauncher(join(dir, "launcher"));
  return {
    kafkaVersion,
    debeziumVersion,
    dir,
    classpath: launcher ? `${launcher}:${join(libs, "*")}` : join(libs, "*"),
    launcher,
    pluginPath,
    downloaded,
  };
}
