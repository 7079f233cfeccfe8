import { clusterForState, type ClusterForChecks } from "../broker/cluster.js";
import { CourseError } from "../runner/types.js";
import type { ServiceContexts, ServiceId } from "../services/types.js";
import { courseContext } from "./kafka.js";

/**
 * A real part the exercise declared (`needs:` in its lesson's frontmatter): the session started it
 * before the check and put it in the check's context. A check that uses one it did not declare is
 * the course's bug, and says so.
 */
export function courseService<K extends ServiceId>(id: K): ServiceContexts[K] {
  const service = courseContext().services?.[id];
  if (!service) {
    throw new CourseError(
      `This check needs the ${id}, but the session did not start it.`,
      `The exercise must declare it in its lesson's frontmatter: needs: [${id}] (a bug in the course; please report it).`,
    );
  }
  return service as ServiceContexts[K];
}

/** The schema registry (lesson 7): its Confluent-API base URL. */
export const registryForChecks = async (): Promise<ServiceContexts["registry"]> => courseService("registry");

/** The PostgreSQL server (lesson 10): a connection string checks may create databases from. */
export const postgresForChecks = async (): Promise<ServiceContexts["postgres"]> => courseService("postgres");

/** The Kafka Connect worker (lesson 10's CDC checks): its REST API. */
export const connectForChecks = async (): Promise<ServiceContexts["connect"]> => courseService("connect");

/** The three-node cluster (lesson 13), every node running, with ways to stop and restart one. */
export async function clusterForChecks(): Promise<ClusterForChecks> {
  const state = courseService("cluster");
  const ownerPid = courseContext().ownerPid;
  // Nodes a check restarts must die with the session, like the ones the session started.
  return clusterForState(ownerPid ? { ...state, ownerPid } : state);
}
