import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { clusterRoot } from "../broker/cluster.js";
import type { KafkaConnection } from "../broker/types.js";

/**
 * The three-broker cluster of this course session, when a check has started it; never starts it.
 * The session service records it as `shared-<owner pid>.json` under the cluster's folder, and the
 * interactive app is the session's owner.
 */
export async function runningCluster(
  ownerPid: number = process.pid,
  root: string = clusterRoot(),
): Promise<KafkaConnection | undefined> {
  const text = await readFile(join(root, `shared-${ownerPid}.json`), "utf8").catch(() => undefined);
  if (text === undefined) return undefined;
  const state = JSON.parse(text) as { bootstrap?: readonly string[] };
  return state.bootstrap?.length ? { brokers: state.bootstrap } : undefined;
}
