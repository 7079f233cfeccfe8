import { spawnSync } from "node:child_process";
import { mavenInto, ownedLauncher } from "../jvm/tools.js";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));

export const POM_PATH = join(here, "pom.xml");

/** The Kafka version the pom pins: one place decides it. */
export async function pinnedKafkaVersion(): Promise<string> {
  const pom = await readFile(POM_PATH, "utf8");
  const m = /<kafka\.version>([^<]+)<\/kafka\.version>/.exec(pom);
  if (!m?.[1]) throw new Error(`${POM_PATH} has no <kafka.version>`);
  return m[1];
}

export function cacheRoot(): string {
  return process.env.KAFKA_COURSE_CACHE ?? join(here, ".cache");
}

/** Major version of `java` on PATH, or a reason it cannot be used. */
export function javaMajor(): { major: number; raw: string } | { reason: string } {
  const r = spawnSync("java", ["-version"], { encoding: "utf8" });
  if (r.error) return { reason: "no `java` on PATH" };
  const raw = `${r.stderr}${r.stdout}`;
  const m = /version "(\d+)(?:\.(\d+))?/.exec(raw);
  if (!m?.[1]) return { reason: `could not read the Java version from: ${raw.split("\n")[0]}` };
  const major = m[1] === "1" ? Number(m[2]) : Number(m[1]);
  return { major, raw: raw.split("\n")[0] ?? raw };
}

export function hasMaven(): boolean {
  return !spawnSync("mvn", ["-v"], { encoding: "utf8" }).error;
}

export interface KafkaJars {
  readonly version: string;
  /** The folder of this version's jars in the course cache (its JVMs' class archives live there). */
  readonly dir: string;
  readonly classpath: string;
  /** OwnedLauncher's jar, or undefined when no javac was available. */
  readonly launcher: string | undefined;
  readonly downloaded: boolean;
}

/**
 * The official Kafka jars for the pinned version, resolved from Maven Central with Maven into
 * the course cache once. A second call finds the cache and runs no Maven at all.
 */
export async function resolveKafkaJars(onProgress: (m: string) => void): Promise<KafkaJars> {
  const version = await pinnedKafkaVersion();
  const dir = join(cacheRoot(), `kafka-${version}`);
  const libs = join(dir, "libs");
  const launcherDir = join(dir, "launcher");
  let downloaded = false;
  if (!existsSync(join(libs, `kafka_2.13-${version}.jar`))) {
    onProgress(`resolving Apache Kafka ${version} jars from Maven Central (first run only)`);
    await mavenInto(POM_PATH, "copy-dependencies", libs, "the Kafka jars", ["-DincludeScope=runtime"]);
    downloaded = true;
  }
  const launcher = await ownedLauncher(launcherDir);
  return {
    version,
    dir,
    classpath: launcher ? `${launcher}:${join(libs, "*")}` : join(libs, "*"),
    launcher,
    downloaded,
  };
}
