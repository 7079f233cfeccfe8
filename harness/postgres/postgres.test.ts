import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { afterEach, describe, expect, test } from "vitest";
import { isAlive } from "../broker/jvm-provider.js";
import { startPostgres, stopPostgres, type RunningPostgres } from "./server.js";
import { ServicePool } from "../services/pool.js";
import { serviceProviders } from "../services/providers.js";
import { freshDatabase } from "./database.js";
import { postgresProvider } from "./provider.js";

const started: RunningPostgres[] = [];
const deps = { broker: { brokers: [] }, ownerPid: process.pid, onProgress: () => {} };
afterEach(() => started.splice(0).forEach(stopPostgres));

async function until(ok: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (ok()) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return ok();
}

async function query(url: string, sql: string): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

describe("PostgreSQL for lesson 10", () => {
  test("DATABASE_URL that does not answer is reported, not replaced by another server", async () => {
    const provider = postgresProvider({ DATABASE_URL: "postgres://someone:secret@127.0.0.1:9/db" });
    const err = await provider.open(deps).catch((e: Error) => e);
    expect(err).toMatchObject({ name: "CourseError" });
    expect(String(err)).toMatch(/DATABASE_URL=postgres:\/\/someone:\*\*\*@127\.0\.0\.1:9\/db does not answer/);
  }, 20_000);

  test("a throwaway server answers queries, gives each test its own database, and is gone with its owner", async () => {
    const owner = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
    try {
      const t0 = Date.now();
      const server = await startPostgres(owner.pid ?? -1);
      started.push(server);
      console.log(`PostgreSQL started in ${Date.now() - t0} ms: ${server.description}`);
      expect(await query(server.url, "SELECT 1 AS one")).toEqual([{ one: 1 }]);
      const a = await freshDatabase(server.url, "check_a");
      const b = await freshDatabase(server.url, "check_b");
      expect(a).not.toEqual(b);
      await query(a, "CREATE TABLE t (x int)");
      expect(await query(b, "SELECT count(*)::int AS n FROM pg_tables WHERE tablename = 't'")).toEqual([{ n: 0 }]);
      owner.kill("SIGKILL");
      expect(await until(() => !isAlive(server.pid), 15_000)).toBe(true);
      expect(await until(() => !existsSync(server.dataRoot), 5_000)).toBe(true);
    } finally {
      owner.kill("SIGKILL");
    }
  }, 120_000);

  test("checks of one session share one server, started again when it died", async () => {
    const pool = new ServicePool(serviceProviders({}));
    try {
      const first = await pool.ensure(["postgres"], deps);
      const second = await pool.ensure(["postgres"], deps);
      expect(second.postgres?.url).toBe(first.postgres?.url);
      expect(await query(second.postgres?.url ?? "", "SELECT 2 AS two")).toEqual([{ two: 2 }]);
      // The server dies behind the session's back: the next check gets a new one, not an error.
      const [row] = (await query(first.postgres?.url ?? "", "SHOW data_directory")) as { data_directory: string }[];
      const pid = Number(readFileSync(join(row?.data_directory ?? "", "postmaster.pid"), "utf8").split("\n")[0]);
      process.kill(pid, "SIGKILL");
      await until(() => !isAlive(pid), 5_000);
      const third = await pool.ensure(["postgres"], deps);
      expect(third.postgres?.url).not.toBe(first.postgres?.url);
      expect(await query(third.postgres?.url ?? "", "SELECT 3 AS three")).toEqual([{ three: 3 }]);
    } finally {
      await pool.close();
    }
  }, 120_000);
});
