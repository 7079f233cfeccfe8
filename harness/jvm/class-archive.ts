import { spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { isAlive } from "./tools.js";

/**
 * Class data sharing (AppCDS, JDK 13+ dynamic archives) for the course's own JVMs: the first run
 * of a program writes the classes it loaded into an archive as it exits; later runs map that
 * archive instead of loading, parsing and verifying those classes again. Measured on the course
 * machine: a Kafka broker is ready in 2.1–2.3 s instead of 3.3–3.7 s and has used 2.2 s of CPU
 * instead of 3.6 by then; `kafka-storage format` takes 0.55 s instead of 0.95.
 *
 * The JVM ignores an archive that no longer fits (another JDK, other jars) under -Xshare:auto,
 * but a truncated one crashes it, so an archive only ever appears whole: one JVM at a time (a lock
 * file naming its owner process) writes it under another name, renamed into place only after the
 * JVM exited by itself and a `java -version` with it passed. CDS's log lines are off (a mismatch
 * is a warning, not an error, and some programs' output is read).
 */
export interface ClassArchive {
  /** The JVM flags, before the main class. */
  readonly flags: readonly string[];
  /** This run writes the archive as it exits (a few seconds more; give its stop the time). */
  readonly writing: boolean;
  /** Keeps the archive `child` (started with `flags`) writes as it exits. */
  readonly adopt: (child: ChildProcess) => void;
  /** The same, for a JVM run to its end by other means: call once it has exited with `code`. */
  readonly exited: (code: number | null) => void;
}

export interface ClassArchiveOptions {
  /** Where the archives live: the folder of the program's jars. */
  readonly dir: string;
  /** The program, one archive each (e.g. "broker", "format"). */
  readonly name: string;
  /** Its classpath (the archive is checked against it before it is kept). */
  readonly classpath: string;
  /** The `java` it runs on (default: the one on PATH). */
  readonly java?: string;
  /**
   * Write the archive when there is none (default). Off for JVMs whose stop a check times or that
   * are killed, not stopped: they use the archive another run wrote.
   */
  readonly write?: boolean;
}

const QUIET = ["-Xlog:cds=off", "-Xlog:cds+dynamic=off"];
const NONE: ClassArchive = { flags: [], writing: false, adopt: () => {}, exited: () => {} };

export function classArchive(o: ClassArchiveOptions): ClassArchive {
  // The JVM refuses to start with an archive and a non-empty folder on the classpath.
  if (o.classpath.split(":").some(isFolderWithFiles)) return NONE;
  const dir = join(o.dir, "cds");
  const archive = join(dir, `${o.name}.jsa`);
  if (existsSync(archive)) {
    return { ...NONE, flags: ["-Xshare:auto", `-XX:SharedArchiveFile=${archive}`, ...QUIET] };
  }
  // One writer at a time, across processes: a dump costs seconds of CPU as the JVM exits, and a
  // clean checkout's test suite starts dozens of JVMs before the first archive is there.
  const lock = join(dir, `${o.name}.writer`);
  if (o.write === false || !claim(dir, lock)) return NONE;
  const partial = join(dir, `${o.name}.partial`);
  rmSync(partial, { force: true });
  let done = false;
  const exited = (code: number | null) => {
    if (done) return;
    done = true;
    try {
      // Killed from outside (SIGKILL) or crashed (134: hs_err): the archive may be cut short.
      if (code !== null && code !== 134 && existsSync(partial) && opens(o, partial)) renameSync(partial, archive);
      else rmSync(partial, { force: true });
      rmSync(lock, { force: true });
    } catch {
      // Removed meanwhile (a cleanup of the cache): a later run writes another.
    }
  };
  return {
    flags: [`-XX:ArchiveClassesAtExit=${partial}`, ...QUIET],
    writing: true,
    adopt: (child) => child.once("exit", (code) => exited(code)),
    exited,
  };
}

/** True when this process now holds `lock`: free, or left by a process that is gone. */
function claim(dir: string, lock: string): boolean {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      mkdirSync(dir, { recursive: true });
      writeFileSync(lock, String(process.pid), { flag: "wx" });
      return true;
    } catch (e) {
      // A cache the course may not write to: the JVM runs as it would without an archive.
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") return false;
      if (isAlive(ownerOf(lock))) return false;
      try {
        rmSync(lock, { force: true });
      } catch {
        return false;
      }
    }
  }
  return false;
}

/** A JVM with the archive starts and reports no trouble with it. */
function opens(o: ClassArchiveOptions, file: string): boolean {
  const probe = spawnSync(
    o.java ?? "java",
    ["-Xshare:auto", `-XX:SharedArchiveFile=${file}`, "-cp", o.classpath, "-version"],
    {
      encoding: "utf8",
      timeout: 30_000,
    },
  );
  return probe.status === 0 && !/Unable to use shared archive/.test(`${probe.stdout}${probe.stderr}`);
}

function ownerOf(lock: string): number {
  try {
    return Number(readFileSync(lock, "utf8"));
  } catch {
    return 0; // gone meanwhile: free
  }
}

function isFolderWithFiles(entry: string): boolean {
  if (entry.endsWith("*")) return false;
  try {
    return statSync(entry).isDirectory() && readdirSync(entry).length > 0;
  } catch {
    return false;
  }
}
