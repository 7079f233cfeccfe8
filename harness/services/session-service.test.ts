import { mkdtempSync, writeFileSync, existsSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { isAlive, sessionOwnerPid, sessionService, type SessionServiceSpec } from "./session-service.js";

interface Fake {
  readonly id: number;
  readonly up: boolean;
}

function spec(root: string, log: string[], up = true): SessionServiceSpec<Fake> {
  let next = 0;
  return {
    name: "fake service",
    root,
    start: async (owner) => {
      log.push(`start for ${owner}`);
      await new Promise((r) => setTimeout(r, 100));
      return { id: ++next, up };
    },
    healthy: async (s) => s.up,
    stop: async (s) => {
      log.push(`stop ${s.id}`);
    },
  };
}

describe("session services", () => {
  test("the session owner is a live ancestor of this process", () => {
    const owner = sessionOwnerPid();
    expect(owner).toBeGreaterThan(0);
    expect(isAlive(owner)).toBe(true);
  });

  test("concurrent checks start the service once and share it", async () => {
    const root = mkdtempSync(join(tmpdir(), "session-service-"));
    const log: string[] = [];
    const s = spec(root, log);
    const handles = await Promise.all([sessionService(s), sessionService(s), sessionService(s)]);
    expect(log).toEqual([`start for ${sessionOwnerPid()}`]);
    expect(handles.map((h) => h.state.id)).toEqual([1, 1, 1]);
    expect(handles.filter((h) => !h.reused)).toHaveLength(1);
  });

  test("a recorded service that no longer answers is started again", async () => {
    const root = mkdtempSync(join(tmpdir(), "session-service-"));
    const log: string[] = [];
    await sessionService(spec(root, log, false));
    const again = await sessionService(spec(root, log, false));
    expect(again.reused).toBe(false);
    expect(log).toHaveLength(2);
  });

  test("what a dead session left behind is stopped and removed", async () => {
    const root = mkdtempSync(join(tmpdir(), "session-service-"));
    // pid 2^22+1 is above Linux's pid_max default range and never alive
    writeFileSync(join(root, "shared-4194305.json"), JSON.stringify({ id: 7, up: true }));
    const log: string[] = [];
    await sessionService(spec(root, log));
    expect(log).toContain("stop 7");
    expect(existsSync(join(root, "shared-4194305.json"))).toBe(false);
    expect(readdirSync(root)).toEqual([`shared-${sessionOwnerPid()}.json`]);
  });
});
