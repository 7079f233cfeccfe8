import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import pg from "pg";
import { afterAll, describe, expect, inject, test } from "vitest";
import { isAlive } from "../broker/jvm-provider.js";
import { kafkaClient } from "../broker/probe.js";
import { freshDatabase } from "../postgres/database.js";
import { startPostgres, stopPostgres, type RunningPostgres } from "../postgres/server.js";
import { cdcReadiness } from "../postgres/logical.js";
import { readTopic, uniqueName } from "../testkit/kafka.js";
import "../testkit/provided.js";
import { connectFromEnv, startConnectWorker, stopConnectWorker, type RunningConnectWorker } from "./worker.js";

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => {});
});

async function until(ok: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline && !ok()) await new Promise((r) => setTimeout(r, 200));
  return ok();
}

describe("the Kafka Connect worker lesson 10 runs", () => {
  test("KAFKA_CONNECT_URL that does not answer is reported, not replaced by a local worker", async () => {
    await expect(connectFromEnv({ env: { KAFKA_CONNECT_URL: "http://127.0.0.1:9/" } })).rejects.toThrow(
      /KAFKA_CONNECT_URL=http:\/\/127\.0\.0\.1:9 cannot serve lesson 10's checks/,
    );
    expect(await connectFromEnv({ env: {} })).toBeUndefined();
  });

  test(
    "a distributed worker on the suite's broker streams an outbox insert through Debezium and exits with its owner",
    { timeout: 240_000 },
    async () => {
      const connection = inject("course").connection;
      const owner = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
      cleanups.push(async () => void owner.kill("SIGKILL"));
      const [server, worker]: [RunningPostgres, RunningConnectWorker] = await Promise.all([
        startPostgres(owner.pid ?? -1),
        startConnectWorker({ bootstrapServers: connection.brokers.join(","), ownerPid: owner.pid ?? -1 }),
      ]);
      cleanups.push(async () => stopPostgres(server));
      cleanups.push(() => stopConnectWorker(worker));
      expect(await cdcReadiness(server.url)).toEqual([]);
      const root = (await (await fetch(`${worker.url}/`)).json()) as { kafka_cluster_id: string };
      const admin = kafkaClient(connection).admin();
      await admin.connect();
      expect(root.kafka_cluster_id).toBe((await admin.describeCluster()).clusterId);
      await admin.disconnect();

      const dbUrl = new URL(await freshDatabase(server.url, "connect_test"));
      const db = new pg.Client({ connectionString: dbUrl.toString() });
      // The server may stop before this client's end() at cleanup: its goodbye is not an error here.
      db.on("error", () => {});
      await db.connect();
      cleanups.push(() => db.end());
      await db.query("CREATE TABLE outbox (id uuid PRIMARY KEY, aggregatetype text, aggregateid text, payload text)");
      const type = uniqueName("probe");
      const name = uniqueName("outbox");
      const put = await fetch(`${worker.url}/connectors/${name}/config`, {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          "connector.class": "io.debezium.connector.postgresql.PostgresConnector",
          "plugin.name": "pgoutput",
          "database.hostname": dbUrl.hostname,
          "database.port": dbUrl.port,
          "database.user": "postgres",
          "database.dbname": dbUrl.pathname.slice(1),
          "topic.prefix": type,
          "slot.name": name.replaceAll("-", "_"),
          "publication.autocreate.mode": "filtered",
          "table.include.list": "public.outbox",
          "snapshot.mode": "no_data",
          "key.converter": "org.apache.kafka.connect.storage.StringConverter",
          "value.converter": "org.apache.kafka.connect.storage.StringConverter",
          transforms: "outbox",
          "transforms.outbox.type": "io.debezium.transforms.outbox.EventRouter",
        }),
      });
      expect(put.status).toBe(201);
      // The task's RUNNING comes before its replication connection: wait for the slot to stream.
      const slot = name.replaceAll("-", "_");
      const deadline = Date.now() + 60_000;
      while (Date.now() < deadline) {
        const r = await db.query("SELECT active FROM pg_replication_slots WHERE slot_name = $1", [slot]);
        if (r.rows[0]?.active) break;
        await new Promise((res) => setTimeout(res, 200));
      }
      await db.query("INSERT INTO outbox VALUES (gen_random_uuid(), $1, 'task-1', '{\"ok\":true}')", [type]);
      const [record] = await readTopic(kafkaClient(connection), `outbox.event.${type}`, 1, { timeoutMs: 30_000 });
      expect(record?.key).toBe("task-1");
      expect(record?.value).toBe('{"ok":true}');

      await fetch(`${worker.url}/connectors/${name}`, { method: "DELETE" });
      owner.kill("SIGKILL");
      expect(await until(() => !isAlive(worker.pid), 30_000)).toBe(true);
      expect(await until(() => !existsSync(worker.dataDir), 5_000)).toBe(true);
    },
  );
});
