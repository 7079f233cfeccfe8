import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";

/** A Java installation: its `bin` folder and major version. */
export interface FoundJava {
  readonly bin: string;
  readonly major: number;
}

/** The major version of `<bin>/java`, or undefined when it does not run. */
export function javaVersionOf(bin: string): number | undefined {
  const java = bin ? join(bin, "java") : "java";
  const r = spawnSync(java, ["-version"], { encoding: "utf8" });
  if (r.error || r.status !== 0) return undefined;
  const m = /version "(\d+)(?:\.(\d+))?/.exec(`${r.stderr}${r.stdout}`);
  if (!m?.[1]) return undefined;
  return m[1] === "1" ? Number(m[2]) : Number(m[1]);
}

/** Folders where JDKs are installed side by side (Debian/Ubuntu, Fedora, macOS). */
const JVM_ROOTS = ["/usr/lib/jvm", "/Library/Java/JavaVirtualMachines"];

function installedJavaBins(): string[] {
  return JVM_ROOTS.flatMap((root) => {
    if (!existsSync(root)) return [];
    return readdirSync(root)
      .flatMap((name) => [join(root, name, "bin"), join(root, name, "Contents", "Home", "bin")])
      .filter((bin) => existsSync(join(bin, "java")));
  });
}

/**
 * A Java of at least `minMajor`: `JAVA_HOME` first, then `java` on PATH, then the newest JDK
 * installed beside them. Some Maven Central artifacts need a newer Java than the course's
 * default (Strimzi's API model is built for Java 21, the broker runs on 17), and machines often
 * have a second JDK that is not the default.
 */
export function findJava(minMajor: number): FoundJava | undefined {
  const candidates = [
    ...(process.env.JAVA_HOME ? [join(process.env.JAVA_HOME, "bin")] : []),
    "",
    ...installedJavaBins(),
  ];
  const found = candidates
    .map((bin) => ({ bin, major: javaVersionOf(bin) }))
    .filter((j): j is FoundJava => j.major !== undefined && j.major >= minMajor);
  // The first acceptable in the order above, so an explicit JAVA_HOME or PATH wins.
  return found[0];
}
