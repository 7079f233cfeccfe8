import type { KafkaConnection } from "../broker/types.js";

/**
 * Arguments that cannot cross a process boundary as JSON, described instead and made in the
 * child: a kafkajs client on the course broker, or a handler whose side effects land in a file.
 */
export type LearnerArg =
  | { readonly $learnerArg: "kafka" }
  | {
      readonly $learnerArg: "recorder";
      /** Every value the handler is given is appended here as one JSON line. */
      readonly file: string;
      /** The handler never returns for a value whose JSON contains this (a crash mid-work). */
      readonly hangOn?: string;
      /** The handler rejects for a value whose JSON contains this. */
      readonly failOn?: string;
    };

export type ChildRequest =
  | {
      readonly type: "start";
      readonly file: string;
      readonly exportName: string;
      readonly args: readonly unknown[];
      readonly connection: KafkaConnection;
    }
  | { readonly type: "call"; readonly id: number; readonly method: string; readonly args: readonly unknown[] }
  | { readonly type: "exit" };

export interface ErrorInfo {
  readonly message: string;
  readonly stack?: string;
}

export type ChildReply =
  | { readonly type: "ready" }
  | { readonly type: "started"; readonly data: unknown; readonly methods: readonly string[] }
  | { readonly type: "start-failed"; readonly error: ErrorInfo }
  | { readonly type: "returned"; readonly id: number; readonly data: unknown }
  | { readonly type: "threw"; readonly id: number; readonly error: ErrorInfo };
