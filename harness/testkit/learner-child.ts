// The child side of learner-process.ts: runs one exported function of a learner module in this
// fresh process and serves its result's methods over the IPC channel until told to exit.
import { appendFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { silenceKafkajsNegativeTimeoutWarning } from "../broker/kafkajs-warning.js";
import { kafkaConfig } from "../broker/probe.js";
import { CheckKafka } from "./check-client.js";
import type { ChildReply, ChildRequest, LearnerArg } from "./learner-protocol.js";

function send(reply: ChildReply): void {
  process.send?.(reply);
}

function describe(e: unknown): { message: string; stack?: string } {
  return e instanceof Error ? { message: e.message, ...(e.stack && { stack: e.stack }) } : { message: String(e) };
}

/** A handler that appends what it is given to a file (side effects the parent counts), or hangs, or throws. */
function recorder(arg: Extract<LearnerArg, { $learnerArg: "recorder" }>): (value: unknown) => Promise<void> {
  return (value) => {
    const line = JSON.stringify(value);
    if (arg.hangOn !== undefined && line.includes(arg.hangOn)) {
      appendFileSync(arg.file, `${JSON.stringify({ $hung: value })}\n`);
      // A crash in the middle of the work: this call never returns; the parent kills the process.
      return new Promise<void>(() => {});
    }
    if (arg.failOn !== undefined && line.includes(arg.failOn)) {
      return Promise.reject(new Error(`the downstream service failed for ${arg.failOn}`));
    }
    appendFileSync(arg.file, `${line}\n`);
    return Promise.resolve();
  };
}

function revive(arg: unknown, req: Extract<ChildRequest, { type: "start" }>): unknown {
  if (Array.isArray(arg)) return arg.map((a) => revive(a, req));
  if (arg === null || typeof arg !== "object") return arg;
  const marked = arg as Partial<LearnerArg>;
  if (marked.$learnerArg === "kafka") return new CheckKafka(kafkaConfig(req.connection, `learner-${process.pid}`));
  if (marked.$learnerArg === "recorder") return recorder(marked as Extract<LearnerArg, { $learnerArg: "recorder" }>);
  return Object.fromEntries(Object.entries(arg).map(([k, v]) => [k, revive(v, req)]));
}

/** The result without its functions (they cannot cross the process boundary), and their names. */
function split(value: unknown): { data: unknown; methods: string[] } {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return { data: value, methods: [] };
  const methods = new Set<string>();
  // A class instance keeps its methods on the prototype chain.
  for (let o: object | null = value; o && o !== Object.prototype; o = Object.getPrototypeOf(o) as object | null) {
    for (const k of Object.getOwnPropertyNames(o)) {
      if (k !== "constructor" && typeof (value as Record<string, unknown>)[k] === "function") methods.add(k);
    }
  }
  const data: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (typeof v !== "function" && cloneable(v)) data[k] = v;
  }
  return { data, methods: [...methods] };
}

/** Whether `v` can cross the IPC channel: a client, or options holding a function, cannot. */
function cloneable(v: unknown): boolean {
  try {
    structuredClone(v);
    return true;
  } catch {
    return false;
  }
}

function main(): void {
  silenceKafkajsNegativeTimeoutWarning();
  let result: unknown;
  process.on("message", (msg: ChildRequest) => {
    void (async () => {
      if (msg.type === "start") {
        try {
          const mod = (await import(pathToFileURL(msg.file).href)) as Record<string, unknown>;
          const fn = mod[msg.exportName];
          if (typeof fn !== "function") throw new Error(`${msg.exportName} is not exported as a function`);
          result = await (fn as (...a: unknown[]) => unknown)(...(revive(msg.args, msg) as unknown[]));
          send({ type: "started", ...split(result) });
        } catch (e) {
          send({ type: "start-failed", error: describe(e) });
        }
      } else if (msg.type === "call") {
        try {
          const target = result as Record<string, (...a: unknown[]) => unknown>;
          const value = await target[msg.method]?.(...msg.args);
          send({ type: "returned", id: msg.id, data: split(value).data });
        } catch (e) {
          send({ type: "threw", id: msg.id, error: describe(e) });
        }
      } else {
        process.disconnect?.();
        process.exit(0);
      }
    })();
  });
  // The parent went away: nothing may outlive the check.
  process.on("disconnect", () => process.exit(0));
  send({ type: "ready" });
}

main();
