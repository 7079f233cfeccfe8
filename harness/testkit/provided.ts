import type { KafkaConnection } from "../broker/types.js";
import type { ServiceContexts } from "../services/types.js";

/** What the runner hands every hidden test through vitest's provide/inject. */
export interface CourseContext {
  readonly connection: KafkaConnection;
  /** The course's own broker's fault-injection listener, when the provider offers one (lesson 4). */
  readonly proxied?: { readonly host: string; readonly port: number; readonly advertisedPort: number };
  /** The folder under check (exercises/, solutions/ or a mutant copy), for exercises that are files, not code. */
  readonly targetRoot?: string;
  /** The other real parts the exercise declared (`needs:`), started by the session before the check. */
  readonly services?: Partial<ServiceContexts>;
  /** The process that owns the session's services: what a check restarts (a cluster node) must die with it. */
  readonly ownerPid?: number;
  /** Written by the test process every few hundred ms (testkit/setup.ts); the runner notices a blocked event loop. */
  readonly heartbeatFile?: string;
  /** Where the check's request lands for the test process waiting for it (runner/check-entry.ts). */
  readonly requestFile?: string;
  /** Written by the test process once it has the request: errors before it are the course's, not the learner's. */
  readonly takenFile?: string;
}

declare module "vitest" {
  export interface ProvidedContext {
    course: CourseContext;
  }
}
