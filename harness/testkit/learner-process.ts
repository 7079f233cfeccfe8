import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { KafkaConnection } from "../broker/types.js";
import { PROJECT_ROOT } from "../testing/course-root.js";
import { courseContext } from "./kafka.js";
import type { ChildReply, ChildRequest, ErrorInfo, LearnerArg } from "./learner-protocol.js";

export type { LearnerArg } from "./learner-protocol.js";

const CHILD = fileURLToPath(new URL("./learner-child.ts", import.meta.url));

/** In the child: a kafkajs client on the course broker. */
export const kafkaArg: LearnerArg = { $learnerArg: "kafka" };

/** In the child: an async handler that appends each value it gets to `file` (read it with `recorded`). */
export function recorderArg(file: string, opts: { hangOn?: string; failOn?: string } = {}): LearnerArg {
  return { $learnerArg: "recorder", file, ...opts };
}

/** What a recorder handler was given, in order; `hung` is the value it never returned for. */
export function recorded<T>(file: string): { values: T[]; hung: T[] } {
  const lines = existsSync(file) ? readFileSync(file, "utf8").split("\n").filter(Boolean) : [];
  const parsed = lines.map((l) => JSON.parse(l) as T | { $hung: T });
  const isHung = (v: unknown): v is { $hung: T } => typeof v === "object" && v !== null && "$hung" in v;
  return { values: parsed.filter((v) => !isHung(v)) as T[], hung: parsed.filter(isHung).map((v) => v.$hung) };
}

export interface LearnerCall {
  /** The learner's module as the checks import it: "@exercise/05-robust-consumers/at-least-once.js". */
  readonly module: string;
  readonly exportName: string;
  /** Plain data, with `kafkaArg` / `recorderArg(…)` where the function takes a client or a handler. */
  readonly args: readonly unknown[];
  /** The folder `@exercise` points at; by default the one under check. */
  readonly targetRoot?: string;
  readonly connection?: KafkaConnection;
  /** How long the function may take to return (default 20 s). */
  readonly startTimeoutMs?: number;
}

export interface LearnerProcess<T> {
  readonly pid: number;
  /** The function's result without its functions. */
  readonly data: T;
  /** The names of the result's functions, callable with `call`. */
  readonly methods: readonly string[];
  call(method: string, ...args: unknown[]): Promise<unknown>;
  /** SIGKILL: a crash, no shutdown code runs. Resolves when the process is gone. */
  kill(): Promise<void>;
  /** Lets the process end (call the result's stop first if it has one). Resolves when it is gone. */
  exit(): Promise<void>;
  /** What the process printed, for failure messages. */
  output(): string;
}

function toError(e: ErrorInfo): Error {
  const err = new Error(e.message);
  if (e.stack) err.stack = e.stack;
  return err;
}

/** The file behind an `@exercise/...js` specifier in `targetRoot` (the .ts a learner edits). */
function learnerFile(targetRoot: string, specifier: string): string {
  const rel = specifier.replace(/^@exercise\//, "");
  const ts = join(targetRoot, rel.replace(/\.js$/, ".ts"));
  return existsSync(ts) ? ts : join(targetRoot, rel);
}

function gone(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once("exit", () => resolve()));
}

/**
 * Runs one exported function of the learner's module in a fresh Node process (tsx, `@exercise`
 * pointing at the target root), so state kept in memory cannot survive a restart the way it
 * does when the "restart" happens in the check's own process.
 */
export async function startLearnerProcess<T = unknown>(call: LearnerCall): Promise<LearnerProcess<T>> {
  const ctx = call.targetRoot && call.connection ? undefined : courseContext();
  const targetRoot = call.targetRoot ?? ctx?.targetRoot ?? join(PROJECT_ROOT, "solutions");
  const connection = call.connection ?? (ctx as NonNullable<typeof ctx>).connection;
  const dir = await mkdtemp(join(tmpdir(), "learner-process-"));
  const tsconfig = join(dir, "tsconfig.json");
  await writeFile(
    tsconfig,
    JSON.stringify({
      extends: join(PROJECT_ROOT, "tsconfig.json"),
      compilerOptions: { paths: { "@exercise/*": [`${targetRoot}/*`] } },
      include: [`${targetRoot}/**/*`, `${PROJECT_ROOT}/harness/**/*`],
    }),
  );
  const child = spawn(process.execPath, ["--import", "tsx", CHILD], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, TSX_TSCONFIG_PATH: tsconfig },
    stdio: ["ignore", "pipe", "pipe", "ipc"],
    serialization: "advanced",
  });
  let printed = "";
  child.stdout?.on("data", (d: Buffer) => (printed += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (printed += d.toString()));
  void gone(child).then(() => rm(dir, { recursive: true, force: true }));

  const replies: ((r: ChildReply) => void)[] = [];
  child.on("message", (r: ChildReply) => replies.forEach((f) => f(r)));
  const next = <R extends ChildReply>(match: (r: ChildReply) => r is R, ms: number, what: string) =>
    new Promise<R>((resolve, reject) => {
      const timer = setTimeout(() => done(new Error(`${what} did not finish within ${ms} ms`)), ms);
      const onExit = () => done(new Error(`the learner process ended during ${what}:\n${printed.slice(-2_000)}`));
      const listener = (r: ChildReply) => {
        if (match(r)) done(undefined, r);
      };
      function done(err?: Error, r?: R) {
        clearTimeout(timer);
        child.off("exit", onExit);
        replies.splice(replies.indexOf(listener), 1);
        if (err) reject(err);
        else resolve(r as R);
      }
      replies.push(listener);
      child.once("exit", onExit);
    });
  const send = (req: ChildRequest) => child.send(req);
  const kill = async () => {
    child.kill("SIGKILL");
    await gone(child);
  };

  const startMs = call.startTimeoutMs ?? 20_000;
  try {
    await next(
      (r): r is Extract<ChildReply, { type: "ready" }> => r.type === "ready",
      20_000,
      "loading the learner process",
    );
    send({
      type: "start",
      file: learnerFile(targetRoot, call.module),
      exportName: call.exportName,
      args: call.args,
      connection,
    });
    const started = await next(
      (r): r is Extract<ChildReply, { type: "started" | "start-failed" }> =>
        r.type === "started" || r.type === "start-failed",
      startMs,
      `${call.exportName}()`,
    );
    if (started.type === "start-failed") throw toError(started.error);
    let ids = 0;
    return {
      pid: child.pid ?? -1,
      data: started.data as T,
      methods: started.methods,
      async call(method, ...args) {
        const id = ++ids;
        const reply = next(
          (r): r is Extract<ChildReply, { type: "returned" | "threw" }> =>
            (r.type === "returned" || r.type === "threw") && r.id === id,
          30_000,
          `${method}()`,
        );
        send({ type: "call", id, method, args });
        const r = await reply;
        if (r.type === "threw") throw toError(r.error);
        return r.data;
      },
      kill,
      async exit() {
        if (child.connected) send({ type: "exit" });
        await Promise.race([gone(child), new Promise((r) => setTimeout(r, 5_000))]);
        await kill();
      },
      output: () => printed,
    };
  } catch (e) {
    await kill();
    throw e;
  }
}

/** Runs the function in a fresh process to completion and returns its (plain data) result. */
export async function runInLearnerProcess<T = unknown>(call: LearnerCall): Promise<T> {
  const p = await startLearnerProcess<T>(call);
  await p.exit();
  return p.data;
}
