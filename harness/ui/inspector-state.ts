import {
  addLagSamples,
  type BrokerNode,
  type GroupInfo,
  type LagHistory,
  type NameSnapshot,
  type RecordPage,
  type TopicInfo,
} from "../inspector/index.js";

export type InspectorTab = "topics" | "records" | "groups" | "cluster";
export const INSPECTOR_TABS: readonly InspectorTab[] = ["topics", "records", "groups", "cluster"];

export interface PageAt {
  readonly topic: string;
  readonly partition: number;
  readonly from: number;
}

/** The inspector screen: what it shows and what it last read. */
export interface InspectorState {
  readonly tab: InspectorTab;
  /** A check's own topics and groups; shown alone unless `all`. */
  readonly only?: NameSnapshot;
  readonly all: boolean;
  /** The topic (topics, records) or group (groups) the cursor is on. */
  readonly cursor: number;
  readonly scroll: number;
  readonly topics?: readonly TopicInfo[];
  readonly groups?: readonly GroupInfo[];
  readonly brokers?: readonly BrokerNode[];
  /** The three-broker cluster: null when it is not running. */
  readonly cluster?: { readonly brokers: readonly BrokerNode[]; readonly topics: readonly TopicInfo[] } | null;
  readonly lag: LagHistory;
  readonly at?: PageAt;
  readonly page?: RecordPage;
  readonly loading: boolean;
  readonly error?: string;
  readonly readAtMs?: number;
}

export type InspectorEvent =
  | { readonly type: "tab"; readonly tab: InspectorTab }
  | { readonly type: "cursor"; readonly delta: number; readonly count: number }
  | { readonly type: "toggle-all" }
  | { readonly type: "records-at"; readonly at: PageAt }
  | { readonly type: "loading" }
  | {
      readonly type: "loaded";
      readonly atMs: number;
      readonly topics: readonly TopicInfo[];
      readonly groups: readonly GroupInfo[];
      readonly brokers: readonly BrokerNode[];
      readonly cluster: InspectorState["cluster"];
    }
  | { readonly type: "page"; readonly page: RecordPage }
  | { readonly type: "failed"; readonly message: string };

export function initialInspector(only?: NameSnapshot): InspectorState {
  return { tab: "topics", ...(only && { only }), all: !only, cursor: 0, scroll: 0, lag: {}, loading: true };
}

/** The names the inspector reads: the check's, or everything. */
export function inspectorFilter(s: InspectorState): NameSnapshot | undefined {
  return s.all ? undefined : s.only;
}

export function reduceInspector(s: InspectorState, e: InspectorEvent): InspectorState {
  switch (e.type) {
    case "tab":
      return { ...s, tab: e.tab, cursor: e.tab === s.tab ? s.cursor : 0, scroll: 0 };
    case "cursor":
      return { ...s, cursor: Math.min(Math.max(0, s.cursor + e.delta), Math.max(0, e.count - 1)) };
    case "toggle-all":
      return s.only ? { ...s, all: !s.all, cursor: 0, scroll: 0, loading: true } : s;
    case "records-at":
      return { ...s, tab: "records", at: e.at, scroll: 0, loading: true };
    case "loading":
      return { ...s, loading: true };
    case "loaded": {
      const { type: _t, atMs, ...data } = e;
      return {
        ...s,
        ...data,
        readAtMs: atMs,
        lag: addLagSamples(s.lag, e.groups, atMs),
        loading: false,
        error: undefined,
      };
    }
    case "page":
      return { ...s, page: e.page, loading: false, error: undefined };
    case "failed":
      return { ...s, loading: false, error: e.message };
    default: {
      const never: never = e;
      return never;
    }
  }
}
