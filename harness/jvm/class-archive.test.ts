import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, test } from "vitest";
import { classArchive } from "./class-archive.js";

// Real JVMs (the course needs Java for its broker): `-version` is the smallest program there is.
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
function scratch(): string {
  const d = mkdtempSync(join(tmpdir(), "kafka-course-cds-"));
  dirs.push(d);
  return d;
}
// What the JVM records and checks; nothing is loaded from it (a folder with files would be refused).
const classpath = join(tmpdir(), "kafka-course-cds-test-none.jar");

function runJava(flags: readonly string[], extra: string[] = []): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn("java", [...flags, ...extra, "-cp", classpath, "-version"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (out += d.toString()));
    child.once("exit", (code) => resolve({ code, out }));
  });
}

test("the first run writes the archive as it exits; the next run maps it", async () => {
  const dir = scratch();
  const first = classArchive({ dir, name: "demo", classpath });
  expect(first.flags.some((f) => f.startsWith("-XX:ArchiveClassesAtExit="))).toBe(true);
  const r = await runJava(first.flags);
  expect(r.code).toBe(0);
  first.exited(r.code);
  expect(readdirSync(join(dir, "cds"))).toEqual(["demo.jsa"]);

  const second = classArchive({ dir, name: "demo", classpath });
  expect(second.flags).toContain(`-XX:SharedArchiveFile=${join(dir, "cds", "demo.jsa")}`);
  const shared = await runJava(second.flags, ["-Xlog:class+load=info"]);
  expect(shared.code).toBe(0);
  expect(shared.out).toMatch(/source: shared objects file \(top\)/);
});

test("adopt keeps the archive of a child that exited by itself", async () => {
  const dir = scratch();
  const a = classArchive({ dir, name: "demo", classpath });
  const child = spawn("java", [...a.flags, "-cp", classpath, "-version"], { stdio: "ignore" });
  a.adopt(child);
  await new Promise((r) => child.once("exit", r));
  await new Promise((r) => setImmediate(r));
  expect(existsSync(join(dir, "cds", "demo.jsa"))).toBe(true);
});

test("a JVM killed from outside, or an archive cut short, leaves nothing a later JVM would map", async () => {
  const dir = scratch();
  const killed = classArchive({ dir, name: "demo", classpath });
  killed.exited(null);
  const cut = classArchive({ dir, name: "demo", classpath });
  const partial = cut.flags.find((f) => f.startsWith("-XX:ArchiveClassesAtExit="))!.split("=")[1]!;
  // The header of a real archive, then nothing: a JVM mapping this crashes (measured: hs_err).
  const r = await runJava(cut.flags);
  cutShort(partial);
  cut.exited(r.code);
  expect(readdirSync(join(dir, "cds"))).toEqual([]);
  expect(classArchive({ dir, name: "demo", classpath }).flags.some((f) => f.startsWith("-XX:SharedArchiveFile"))).toBe(
    false,
  );
});

test("a cache folder the course cannot write to gives no flags and no error", () => {
  const dir = scratch();
  writeFileSync(join(dir, "cds"), "a file where the folder would be");
  const a = classArchive({ dir, name: "demo", classpath });
  expect(a.flags).toEqual([]);
  expect(spawnSync("java", [...a.flags, "-version"]).status).toBe(0);
});

function cutShort(file: string): void {
  const r = spawnSync("truncate", ["-s", "4096", file]);
  expect(r.status).toBe(0);
}

test("no archive for a classpath with a folder of classes on it (the JVM would refuse to start)", () => {
  const dir = scratch();
  writeFileSync(join(dir, "A.class"), "");
  expect(classArchive({ dir, name: "demo", classpath: `${dir}:${classpath}` }).flags).toEqual([]);
});

test("a program that may only read the archive gets none until another wrote it", async () => {
  const dir = scratch();
  expect(classArchive({ dir, name: "demo", classpath, write: false }).flags).toEqual([]);
  const writer = classArchive({ dir, name: "demo", classpath });
  writer.exited((await runJava(writer.flags)).code);
  expect(classArchive({ dir, name: "demo", classpath, write: false }).flags).toContain(
    `-XX:SharedArchiveFile=${join(dir, "cds", "demo.jsa")}`,
  );
});

test("one writer at a time: a second JVM started meanwhile runs without, a dead writer's claim is free again", async () => {
  const dir = scratch();
  const first = classArchive({ dir, name: "demo", classpath });
  expect(first.writing).toBe(true);
  expect(classArchive({ dir, name: "demo", classpath }).flags).toEqual([]);
  first.exited(null);
  // A claim left by a process that is gone (pid 2^22 + 1 is above Linux's pid_max default).
  writeFileSync(join(dir, "cds", "demo.writer"), String(4_194_305));
  const again = classArchive({ dir, name: "demo", classpath });
  expect(again.writing).toBe(true);
  again.exited((await runJava(again.flags)).code);
  expect(readdirSync(join(dir, "cds"))).toEqual(["demo.jsa"]);
});
