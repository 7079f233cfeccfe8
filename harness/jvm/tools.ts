import { execFile, spawnSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { copyFile, mkdir, mkdtemp, rename, rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const run = promisify(execFile);
const LAUNCHER_SOURCE = join(dirname(fileURLToPath(import.meta.url)), "OwnedLauncher.java");

/**
 * Runs one maven-dependency-plugin goal of `pom` into `outputDir`, atomically: into a partial
 * folder first, renamed into place only when Maven succeeded. `what` names the download in errors.
 */
export async function mavenInto(pom: string, goal: string, outputDir: string, what: string, extra: string[] = []) {
  const tmp = `${outputDir}.partial-${process.pid}`;
  await rm(tmp, { recursive: true, force: true });
  await mkdir(dirname(outputDir), { recursive: true });
  try {
    await run(
      "mvn",
      [
        "-q",
        "-B",
        "-f",
        pom,
        `org.apache.maven.plugins:maven-dependency-plugin:3.8.1:${goal}`,
        `-DoutputDirectory=${tmp}`,
        ...extra,
      ],
      { maxBuffer: 16 * 1024 * 1024 },
    );
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; message: string };
    await rm(tmp, { recursive: true, force: true });
    throw new Error(`Maven could not resolve ${what}: ${(err.stdout || err.stderr || err.message).slice(-1500)}`, {
      cause: e,
    });
  }
  await rm(outputDir, { recursive: true, force: true });
  await rename(tmp, outputDir);
}

/**
 * Compiles OwnedLauncher into `dir` once and packs it into a jar there. Returns the jar, or
 * undefined when this machine has a JRE without javac (the program then runs without the owner
 * watch). A jar, not the folder: class data sharing refuses a classpath with a non-empty folder
 * on it (the JVM does not start: "Cannot have non-empty directory in paths").
 */
export async function ownedLauncher(dir: string): Promise<string | undefined> {
  const jar = join(dir, "owned-launcher.jar");
  // Built again when the source changed since (a cache from an older course version).
  if (existsSync(jar) && statSync(jar).mtimeMs >= statSync(LAUNCHER_SOURCE).mtimeMs) return jar;
  if (spawnSync("javac", ["-version"]).error) return undefined;
  await mkdir(dir, { recursive: true });
  const src = join(dir, "OwnedLauncher.java");
  await copyFile(LAUNCHER_SOURCE, src);
  const classes = await mkdtemp(join(dir, "classes-"));
  try {
    await run("javac", ["-d", classes, src]);
    await packJar(classes, `${jar}.${process.pid}.partial`);
    await rename(`${jar}.${process.pid}.partial`, jar);
  } finally {
    await rm(classes, { recursive: true, force: true });
  }
  return jar;
}

/** Packs the class files under `classes` into `jar` with the JDK's `jar` tool (from `bin`, else PATH). */
export async function packJar(classes: string, jar: string, bin?: string): Promise<void> {
  await run(bin ? join(bin, "jar") : "jar", ["--create", "--file", jar, "-C", classes, "."]);
}

/** Whether process `pid` exists (0, a negative or no number is never a process: kill(0) would signal our group). */
export function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}
