// The one test file a check's vitest runs (vitest-session.ts). Its test process starts before the
// learner saves, so the process, vitest's runtime, the setup file and what nearly every hidden
// check imports are loaded while the worker waits as the warm spare. Then the request lands: the
// check's context fills the object vitest provides (so `inject("course")`, in the testkit and in
// any check, sees it), and the hidden check files are imported here. Their tests register into
// this file, exactly as they would in their own.
import { existsSync, readFileSync, watch, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { inject, vi } from "vitest";
import "kafkajs";
import "../testkit/kafka.js";
import "../testkit/teach.js";
import type { EntryRequest } from "./vitest-session.js";

const course = inject("course");
if (!course.requestFile || !course.takenFile)
  throw new Error("check-entry.ts runs only through the course's check runner");
const request = await nextRequest(course.requestFile);
// From here on, what goes wrong in this process may be the learner's code.
writeFileSync(course.takenFile, "");
Object.assign(course, request.context);
vi.setConfig({ testTimeout: request.testTimeoutMs });
for (const file of request.testFiles) await import(file);

/** The request, once vitest-session.ts has renamed it into place (a whole file, never half of one). */
function nextRequest(file: string): Promise<EntryRequest> {
  return new Promise((resolve, reject) => {
    const read = (): void => {
      if (!existsSync(file)) return;
      watcher.close();
      clearInterval(poll);
      try {
        resolve(JSON.parse(readFileSync(file, "utf8")) as EntryRequest);
      } catch (e) {
        reject(e instanceof Error ? e : new Error(String(e)));
      }
    };
    const watcher = watch(dirname(file), read);
    // A missed file event must not leave the check waiting: look now and then anyway.
    const poll = setInterval(read, 250);
    read();
  });
}
