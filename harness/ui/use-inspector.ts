import { useEffect, useMemo, useRef } from "react";
import type { KafkaConnection } from "../broker/types.js";
import type { Inspector, NameSnapshot } from "../inspector/index.js";
import { inspectorFilter, type InspectorEvent, type InspectorState } from "./inspector-state.js";

export interface InspectorSource {
  inspector(connection: KafkaConnection): Inspector;
  clusterConnection(): Promise<KafkaConnection | undefined>;
}

const REFRESH_MS = 2_000;

/**
 * Reads the broker for the inspector screen while it is open: everything at once, then again
 * every two seconds (each read is one lag sample for the sparklines); a page of records when the
 * learner asks for one. Returns a way to snapshot names around a check.
 */
export function useInspector(
  source: InspectorSource,
  connection: KafkaConnection | undefined,
  state: InspectorState | undefined,
  dispatch: (e: InspectorEvent) => void,
): { names(): Promise<NameSnapshot | undefined> } {
  const inspector = useMemo(() => (connection ? source.inspector(connection) : undefined), [source, connection]);
  const cluster = useRef<{ key: string; inspector: Inspector } | undefined>(undefined);
  useEffect(
    () => () => {
      void inspector?.close();
      void cluster.current?.inspector.close();
    },
    [inspector],
  );

  const open = state !== undefined;
  const only = state ? inspectorFilter(state) : undefined;
  const loading = state?.loading ?? false;
  useEffect(() => {
    if (!open || !inspector) return;
    let live = true;
    const read = async () => {
      try {
        const [topics, groups, brokers, clusterAt] = await Promise.all([
          inspector.topics(only?.topics),
          inspector.groups(only?.groups),
          inspector.brokers(),
          source.clusterConnection(),
        ]);
        let clusterView = null;
        if (clusterAt) {
          const key = clusterAt.brokers.join(",");
          if (cluster.current?.key !== key) {
            void cluster.current?.inspector.close();
            cluster.current = { key, inspector: source.inspector(clusterAt) };
          }
          const c = cluster.current.inspector;
          const [cb, ct] = await Promise.all([c.brokers(), c.topics()]);
          clusterView = { brokers: cb, topics: ct };
        }
        if (live) dispatch({ type: "loaded", atMs: Date.now(), topics, groups, brokers, cluster: clusterView });
      } catch (e) {
        if (live) dispatch({ type: "failed", message: (e as Error).message });
      }
    };
    if (loading) void read();
    const t = setInterval(() => void read(), REFRESH_MS);
    return () => {
      live = false;
      clearInterval(t);
    };
    // `only` follows `state.all` (the filter toggle, which also sets `loading`).
  }, [open, inspector, loading, state?.all]);

  const at = state?.at;
  useEffect(() => {
    if (!at || !inspector) return;
    let live = true;
    inspector.records({ ...at, limit: 20 }).then(
      (page) => live && dispatch({ type: "page", page }),
      (e: Error) => live && dispatch({ type: "failed", message: e.message }),
    );
    return () => {
      live = false;
    };
  }, [at, inspector, dispatch]);

  return useMemo(
    () => ({
      names: async () => {
        if (!inspector) return undefined;
        const timeout = new Promise<undefined>((r) => setTimeout(() => r(undefined), 1_500));
        return Promise.race([inspector.names().catch(() => undefined), timeout]);
      },
    }),
    [inspector],
  );
}
