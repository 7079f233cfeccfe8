import type { KafkaConnection } from "../broker/types.js";

/** What the runner hands every hidden test through vitest's provide/inject. */
export interface CourseContext {
  readonly connection: KafkaConnection;
  /** The course's own broker's fault-injection listener, when the provider offers one (lesson 4). */
  readonly proxied?: { readonly host: string; readonly port: number; readonly advertisedPort: number };
  /** The folder under check (exercises/, solutions/ or a mutant copy), for exercises that are files, not code. */
  readonly targetRoot?: string;
}

declare module "vitest" {
  export interface ProvidedContext {
    course: CourseContext;
  }
}
