import type { ClusterState } from "../broker/cluster.js";
import type { KafkaConnection } from "../broker/types.js";
import { CourseError } from "../runner/types.js";

/** The real parts besides the broker an exercise can declare in its frontmatter: `needs: [registry]`. */
export const SERVICE_IDS = ["registry", "postgres", "cluster", "connect"] as const;
export type ServiceId = (typeof SERVICE_IDS)[number];

/** What each service hands the checks, inside the course context: plain data, sent to the test process. */
export interface ServiceContexts {
  readonly registry: { readonly url: string; readonly description: string };
  readonly postgres: { readonly url: string; readonly description: string };
  readonly cluster: ClusterState;
  /** A Kafka Connect worker's REST API (lesson 10's CDC checks). */
  readonly connect: { readonly url: string; readonly description: string };
}

export interface RunningService<C> {
  readonly description: string;
  /** Milliseconds from asking to answering; 0 for one found through its environment variable. */
  readonly startMs: number;
  readonly context: C;
  /** Still answering? Asked before each check that needs it; a service that is not is started again. */
  healthy(): Promise<boolean>;
  /** Stops what the course started (nothing for one from an environment variable). Safe to call twice. */
  stop(): Promise<void>;
}

export interface ServiceDeps {
  /** The session's broker, for services that need one. */
  readonly broker: KafkaConnection;
  /** What the service must die with: the session's process. */
  readonly ownerPid: number;
  readonly onProgress: (message: string) => void;
  readonly signal?: AbortSignal;
}

/** One real part, found one way: its environment variable, else a local start, else ServiceUnavailableError. */
export interface ServiceProvider<C> {
  readonly id: ServiceId;
  /** For messages: "schema registry". */
  readonly name: string;
  open(deps: ServiceDeps): Promise<RunningService<C>>;
}

export type ServiceProviders = { readonly [K in ServiceId]: ServiceProvider<ServiceContexts[K]> };

/** A service the checks need cannot be had: the course's problem, with every way to get one. */
export class ServiceUnavailableError extends CourseError {
  constructor(name: string, why: string, ways: readonly string[], options?: ErrorOptions) {
    super(
      `No ${name} for this check: ${why}`,
      ["The course finds one in this order:", ...ways.map((w, i) => `  ${i + 1}. ${w}`)].join("\n"),
      options,
    );
    this.name = "CourseError";
  }
}
