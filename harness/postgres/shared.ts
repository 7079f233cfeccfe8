import { randomUUID } from "node:crypto";
import { rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { isAlive, sessionService } from "../services/session-service.js";
import { redacted, startPostgres, stopPostgres, waitUntilAnswers, type RunningPostgres } from "./server.js";

const here = dirname(fileURLToPath(import.meta.url));

/** A PostgreSQL server the checks can use. */
export interface PostgresHandle {
  /** Connection string of a database the checks may create databases from. */
  readonly url: string;
  readonly description: string;
  /** 0 when an existing server was reused. */
  readonly startMs: number;
}

export function postgresStateRoot(): string {
  return process.env.KAFKA_COURSE_POSTGRES_STATE ?? join(here, ".cache");
}

/**
 * The PostgreSQL for lesson 10's checks, found like the broker: DATABASE_URL (an existing server,
 * checked to answer; never silently replaced), else a throwaway server the course starts from the
 * npm package's binaries or Debian's. The started one is a session service: the first check that
 * needs it starts it, later checks of the same session share it, and it stops with the session.
 */
export async function postgresForChecks(onProgress: (m: string) => void = () => {}): Promise<PostgresHandle> {
  const fromEnv = process.env.DATABASE_URL;
  if (fromEnv) {
    await waitUntilAnswers(fromEnv, 5_000).catch((e: Error) => {
      throw new Error(`DATABASE_URL=${redacted(fromEnv)} does not answer: ${e.message}`, { cause: e });
    });
    return { url: fromEnv, description: `DATABASE_URL (${redacted(fromEnv)})`, startMs: 0 };
  }
  const { state, reused } = await sessionService<RunningPostgres>({
    name: "PostgreSQL server",
    root: postgresStateRoot(),
    start: (ownerPid) => startPostgres(ownerPid, onProgress),
    healthy: async (s) =>
      isAlive(s.pid) &&
      waitUntilAnswers(s.url, 3_000).then(
        () => true,
        () => false,
      ),
    stop: async (s) => {
      stopPostgres(s);
      await rm(s.dataRoot, { recursive: true, force: true }).catch(() => {});
    },
  });
  return reused
    ? { url: state.url, description: `${state.description} (shared)`, startMs: 0 }
    : { url: state.url, description: state.description, startMs: state.startMs };
}

/** A new, empty database on that server for one test; returns its connection string. */
export async function freshDatabase(serverUrl: string, prefix: string): Promise<string> {
  const name = `${prefix.replace(/[^a-z0-9_]/gi, "_").toLowerCase()}_${randomUUID().slice(0, 8)}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } catch (e) {
    throw new Error(
      `could not create a database for the check (${(e as Error).message}); the DATABASE_URL user needs CREATEDB`,
      {
        cause: e,
      },
    );
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
