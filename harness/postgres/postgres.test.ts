import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import pg from "pg";
import { afterEach, describe, expect, test } from "vitest";
import { isAlive } from "../services/session-service.js";
import { startPostgres, stopPostgres, type RunningPostgres } from "./server.js";
import { freshDatabase, postgresForChecks } from "./shared.js";

const started: RunningPostgres[] = [];
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
    const before = process.env.DATABASE_URL;
    process.env.DATABASE_URL = "postgres://someone:secret@127.0.0.1:9/db";
    try {
      const err = await postgresForChecks().catch((e: Error) => e);
      expect(String(err)).toMatch(/DATABASE_URL=postgres:\/\/someone:\*\*\*@127\.0\.0\.1:9\/db does not answer/);
    } finally {
      if (before === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = before;
    }
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

  test("checks of one session share one server", async () => {
    const first = await postgresForChecks();
    const second = await postgresForChecks();
    expect(second.url).toBe(first.url);
    expect(second.startMs).toBe(0);
    expect(await query(second.url, "SELECT 2 AS two")).toEqual([{ two: 2 }]);
  }, 120_000);
});
