// A thread that keeps the TypeScript language service warm for a session, so a check after a
// save is type-checked in well under a second without blocking the app's event loop.
import { parentPort, workerData } from "node:worker_threads";
import { TypeChecker } from "./type-check.js";

const checker = new TypeChecker(workerData as string);
parentPort?.on("message", (m: { id: number; targetRoot: string; file: string }) => {
  try {
    parentPort?.postMessage({ id: m.id, problems: checker.check(m.targetRoot, m.file) });
  } catch (e) {
    parentPort?.postMessage({ id: m.id, error: (e as Error).message });
  }
});
