import { execFile, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, readFile, rename, rm, writeFile, copyFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const run = promisify(execFile);
const here = dirname(fileURLToPath(import.meta.url));

export const POM_PATH = join(here, "pom.xml");
const LAUNCHER_SOURCE = join(here, "BrokerLauncher.java");

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
  readonly classpath: string;
  /** Directory with BrokerLauncher.class, or undefined when no javac was available. */
  readonly launcherDir: string | undefined;
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
    const tmp = `${libs}.partial-${process.pid}`;
    await rm(tmp, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    try {
      await run(
        "mvn",
        [
          "-q",
          "-B",
          "-f",
          POM_PATH,
          "org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies",
          `-DoutputDirectory=${tmp}`,
          "-DincludeScope=runtime",
        ],
        { maxBuffer: 16 * 1024 * 1024 },
      );
    } catch (e) {
      const err = e as { stdout?: string; stderr?: string; message: string };
      await rm(tmp, { recursive: true, force: true });
      throw new Error(
        `Maven could not resolve the Kafka jars: ${(err.stdout || err.stderr || err.message).slice(-1500)}`,
        { cause: e },
      );
    }
    await rm(libs, { recursive: true, force: true });
    await rename(tmp, libs);
    downloaded = true;
  }
  const classFile = join(launcherDir, "BrokerLauncher.class");
  if (!existsSync(classFile) && !spawnSync("javac", ["-version"]).error) {
    await mkdir(launcherDir, { recursive: true });
    const src = join(launcherDir, "BrokerLauncher.java");
    await copyFile(LAUNCHER_SOURCE, src);
    await run("javac", ["-cp", join(libs, "*"), "-d", launcherDir, src]);
    await writeFile(join(launcherDir, "README"), "Compiled from harness/broker/BrokerLauncher.java\n");
  }
  return {
    version,
    classpath: existsSync(classFile) ? `${launcherDir}:${join(libs, "*")}` : join(libs, "*"),
    launcherDir: existsSync(classFile) ? launcherDir : undefined,
    downloaded,
  };
}
