import type { BrokerStatus } from "./broker-keeper.js";

/** What a session tells its adapters (the app, the CLI) as it happens. */
export type SessionEvent =
  | { readonly type: "broker"; readonly status: BrokerStatus }
  /** Something the learner should read: a service starting, the broker restarting, progress not saved. */
  | { readonly type: "notice"; readonly text: string };

export type SessionListener = (e: SessionEvent) => void;
