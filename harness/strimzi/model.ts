import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, readdir, rename, rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { cacheRoot } from "../broker/jvm-tools.js";
import { classArchive } from "../jvm/class-archive.js";
import { findJava, type FoundJava } from "../jvm/find-java.js";
import { packJar } from "../jvm/tools.js";
import { mavenInto } from "../jvm/tools.js";

const run = promisify(execFile);
const here = dirname(fileURLToPath(import.meta.url));
const POM = join(here, "pom.xml");
const SOURCE = join(here, "StrimziValidator.java");
/** io.strimzi:api 1.x is compiled for Java 21 (class file version 65). */
export const STRIMZI_MIN_JAVA = 21;

/** Strimzi's API model on this machine: a Java that can load it and the classpath to run the validator. */
export interface StrimziModel {
  readonly version: string;
  readonly java: FoundJava;
  readonly classpath: string;
  /** The compiled validator's folder (its class archive lives there). */
  readonly dir: string;
}

/** The Strimzi version the pom pins. */
export async function pinnedStrimziVersion(): Promise<string> {
  const m = /<strimzi\.version>([^<]+)<\/strimzi\.version>/.exec(await readFile(POM, "utf8"));
  if (!m?.[1]) throw new Error(`${POM} has no <strimzi.version>`);
  return m[1];
}

/**
 * Resolves io.strimzi:api with Maven once and compiles the validator once (per source version),
 * into the course cache; later calls only look at the cache. Throws with the next step when no
 * Java 21+ or no Maven is there.
 */
export async function strimziModel(onProgress: (m: string) => void = () => {}): Promise<StrimziModel> {
  const version = await pinnedStrimziVersion();
  const java = findJava(STRIMZI_MIN_JAVA);
  if (!java) {
    throw new Error(
      `Checking Strimzi manifests needs Java ${STRIMZI_MIN_JAVA} or newer (Strimzi ${version}'s API model is built for it); ` +
        `install one and set JAVA_HOME to it (the broker itself runs on Java 17+)`,
    );
  }
  const dir = join(cacheRoot(), `strimzi-api-${version}`);
  const libs = join(dir, "libs");
  if (!existsSync(join(libs, `api-${version}.jar`))) {
    onProgress(`resolving Strimzi ${version}'s API model from Maven Central (first run only)`);
    await mavenInto(POM, "copy-dependencies", libs, "Strimzi's API model", ["-DincludeScope=runtime"]);
  }
  const source = await readFile(SOURCE);
  const hash = createHash("sha256").update(source).digest("hex").slice(0, 12);
  const classes = join(dir, `validator-${hash}-java${java.major}`);
  if (!existsSync(join(classes, VALIDATOR_JAR))) await compile(java, libs, classes);
  return { version, java, classpath: `${join(classes, VALIDATOR_JAR)}:${join(libs, "*")}`, dir: classes };
}

const VALIDATOR_JAR = "strimzi-validator.jar";

/** javac into a partial folder renamed into place, so checks running at once never see half a build. */
async function compile(java: FoundJava, libs: string, classes: string): Promise<void> {
  const tmp = `${classes}.partial-${process.pid}`;
  await rm(tmp, { recursive: true, force: true });
  await mkdir(tmp, { recursive: true });
  const javac = java.bin ? join(java.bin, "javac") : "javac";
  try {
    await run(javac, ["-nowarn", "-d", join(tmp, "classes"), "-cp", join(libs, "*"), SOURCE]);
    // A jar, as class data sharing needs (jvm/class-archive.ts: no non-empty folder on the classpath).
    await packJar(join(tmp, "classes"), join(tmp, VALIDATOR_JAR), java.bin);
    await rm(join(tmp, "classes"), { recursive: true, force: true });
  } catch (e) {
    await rm(tmp, { recursive: true, force: true });
    const err = e as { stderr?: string; message: string };
    throw new Error(`could not compile the Strimzi validator with ${javac}: ${err.stderr || err.message}`, {
      cause: e,
    });
  }
  await rm(classes, { recursive: true, force: true });
  await rename(tmp, classes).catch(async (e: unknown) => {
    // Another check compiled the same source at the same moment: its copy is as good as ours.
    if (!existsSync(join(classes, VALIDATOR_JAR))) throw e;
    await rm(tmp, { recursive: true, force: true });
  });
  await removeOldBuilds(dirname(classes), classes);
}

async function removeOldBuilds(dir: string, keep: string): Promise<void> {
  for (const name of await readdir(dir)) {
    const path = join(dir, name);
    if (name.startsWith("validator-") && !name.includes(".partial-") && path !== keep) {
      await rm(path, { recursive: true, force: true });
    }
  }
}

/** One problem the model found in a document: a dotted path (`spec.kafka.listeners[0].tls`) and why. */
export interface ModelError {
  readonly path: string;
  readonly message: string;
}

/** The verdict of Strimzi's model on one YAML document of the file. */
export interface DocumentReport {
  /** 0-based position of the document in the file. */
  readonly index: number;
  readonly kind: string;
  readonly name: string;
  readonly errors: readonly ModelError[];
}

/**
 * Reads every document of `file` into Strimzi's model classes strictly, in one JVM run (about a
 * second): fields the model does not have at that place, values of the wrong type and unknown
 * enum or `type` values come back as errors with their path.
 */
export async function checkAgainstModel(model: StrimziModel, file: string): Promise<readonly DocumentReport[]> {
  const java = model.java.bin ? join(model.java.bin, "java") : "java";
  // Small and short-lived: start fast rather than run fast.
  const flags = ["-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto", "-Xmx128m"];
  const cds = classArchive({ dir: model.dir, name: "validator", classpath: model.classpath, java });
  const { stdout } = await run(java, [...flags, ...cds.flags, "-cp", model.classpath, "StrimziValidator", file], {
    maxBuffer: 4 * 1024 * 1024,
  }).catch((e: { stderr?: string; message: string }) => {
    cds.exited(null);
    throw new Error(`the Strimzi validator failed: ${(e.stderr ?? e.message).slice(-1500)}`, { cause: e });
  });
  cds.exited(0);
  return JSON.parse(stdout) as DocumentReport[];
}
