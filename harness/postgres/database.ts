import { randomUUID } from "node:crypto";
import pg from "pg";
import { CourseError } from "../runner/types.js";

/** A new, empty database on that server for one test; returns its connection string. */
export async function freshDatabase(serverUrl: string, prefix: string): Promise<string> {
  const name = `${prefix.replace(/[^a-z0-9_]/gi, "_").toLowerCase()}_${randomUUID().slice(0, 8)}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } catch (e) {
    throw new CourseError(
      `Could not create a database for the check (${(e as Error).message}).`,
      "The DATABASE_URL user needs CREATEDB (ALTER USER … CREATEDB), or unset DATABASE_URL to let the course start its own server.",
      { cause: e },
    );
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
