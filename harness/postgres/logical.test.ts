import pg from "pg";
import { afterAll, describe, expect, test } from "vitest";
import { cdcReadiness, requireLogicalDecoding } from "./logical.js";
import { startPostgres, stopPostgres, type RunningPostgres } from "./server.js";

const started: RunningPostgres[] = [];
afterAll(() => started.splice(0).forEach(stopPostgres));

describe("PostgreSQL ready for lesson 10's CDC checks", () => {
  test("the course's server decodes its WAL; a user without REPLICATION is told what to grant", async () => {
    const server = await startPostgres(process.pid);
    started.push(server);
    expect(await cdcReadiness(server.url)).toEqual([]);
    await expect(requireLogicalDecoding(server)).resolves.toBeUndefined();

    const admin = new pg.Client({ connectionString: server.url });
    await admin.connect();
    await admin.query("CREATE ROLE plain LOGIN");
    await admin.end();
    const plain = new URL(server.url);
    plain.username = "plain";
    const problems = await cdcReadiness(plain.toString());
    expect(problems).toEqual([expect.stringMatching(/the user plain may not replicate.*ALTER ROLE plain REPLICATION/)]);
    await expect(requireLogicalDecoding({ url: plain.toString(), description: "DATABASE_URL (test)" })).rejects.toThrow(
      /DATABASE_URL \(test\) is not ready for change data capture/,
    );
  }, 60_000);
});
