import pg from "pg";
import { CourseError } from "../runner/types.js";

/** Replication slots and WAL senders one CDC check may hold at once (its tests run concurrently). */
export const SLOTS_PER_CHECK = 3;

/**
 * What a server lacks for Debezium's logical decoding, each with the statement that fixes it;
 * empty when it is ready. Read from the server itself, so a DATABASE_URL user learns what their
 * server needs before a check fails somewhere inside Connect.
 */
export async function cdcReadiness(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    const { rows } = await client.query<{
      wal_level: string;
      max_slots: number;
      used_slots: number;
      max_senders: number;
      used_senders: number;
      replicate: boolean;
      role: string;
    }>(`SELECT current_setting('wal_level') AS wal_level,
               current_setting('max_replication_slots')::int AS max_slots,
               (SELECT count(*) FROM pg_replication_slots)::int AS used_slots,
               current_setting('max_wal_senders')::int AS max_senders,
               (SELECT count(*) FROM pg_stat_replication)::int AS used_senders,
               (SELECT rolsuper OR rolreplication FROM pg_roles WHERE rolname = current_user) AS replicate,
               current_user AS role`);
    const s = rows[0];
    if (!s) return ["the server did not describe its settings"];
    const problems: string[] = [];
    if (s.wal_level !== "logical") {
      problems.push(
        `wal_level is '${s.wal_level}', logical decoding needs 'logical': ALTER SYSTEM SET wal_level = logical; then restart the server`,
      );
    }
    if (s.max_slots - s.used_slots < SLOTS_PER_CHECK) {
      problems.push(
        `${s.used_slots} of max_replication_slots = ${s.max_slots} are taken, the checks need ${SLOTS_PER_CHECK} free: drop unused slots (SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE NOT active) or raise it (ALTER SYSTEM SET max_replication_slots = 20; restart)`,
      );
    }
    if (s.max_senders - s.used_senders < SLOTS_PER_CHECK) {
      problems.push(
        `${s.used_senders} of max_wal_senders = ${s.max_senders} are in use, the checks need ${SLOTS_PER_CHECK} free: ALTER SYSTEM SET max_wal_senders = 20; restart`,
      );
    }
    if (!s.replicate) {
      problems.push(
        `the user ${s.role} may not replicate, and Debezium streams over a replication connection: ALTER ROLE ${s.role} REPLICATION; (and a pg_hba.conf line that lets it connect)`,
      );
    }
    return problems;
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * Refuses a server that cannot decode its WAL, before a CDC check starts anything: a CourseError
 * naming each setting and how to change it.
 */
export async function requireLogicalDecoding(server: { readonly url: string; readonly description: string }) {
  const problems = await cdcReadiness(server.url);
  if (problems.length > 0) {
    throw new CourseError(
      `${server.description} is not ready for change data capture (Debezium reads its write-ahead log):\n${problems.map((p) => `  - ${p}`).join("\n")}`,
      "Change those settings on your server, or unset DATABASE_URL to let the course start its own PostgreSQL.",
    );
  }
}
