/** What every broker provider hands back: a running Kafka the checks can use. */
export type ProviderId = "env" | "testcontainers" | "jvm";

export interface KafkaConnection {
  readonly brokers: readonly string[];
  /** kafkajs-compatible `ssl`/`sasl` options, present only for an external cluster that needs them. */
  readonly ssl?: boolean;
  readonly sasl?: {
    readonly mechanism: "plain" | "scram-sha-256" | "scram-sha-512";
    readonly username: string;
    readonly password: string;
  };
}

export interface RunningBroker {
  readonly provider: ProviderId;
  /** One line a learner can read: "local KRaft broker (Kafka 4.3.1 on the JVM) at 127.0.0.1:41234". */
  readonly description: string;
  readonly connection: KafkaConnection;
  /** Milliseconds from asking to "accepts requests". */
  readonly startMs: number;
  /** Stops what this provider started; a no-op for an external cluster. Safe to call twice. */
  stop(): Promise<void>;
  /** For a broker process the course started: true once it has exited (crashed, killed). */
  exited?(): boolean;
}

/** Why a provider was not used; shown by `doctor` and in the "no broker" message. */
export interface Skipped {
  readonly provider: ProviderId;
  readonly reason: string;
}

export type ProgressListener = (message: string) => void;

export interface BrokerProvider {
  readonly id: ProviderId;
  /** Cheap check: can this provider be tried here? Returns a reason when it cannot. */
  detect(): Promise<{ usable: true; detail: string } | { usable: false; reason: string }>;
  start(onProgress: ProgressListener, signal?: AbortSignal): Promise<RunningBroker>;
}

/** The expected failure "no way to get a broker here": a value with next steps, not a crash. */
export class NoBrokerError extends Error {
  constructor(readonly skipped: readonly Skipped[]) {
    super(
      [
        "No Kafka broker could be found or started. The course needs a real broker; any one of these works:",
        "  1. Point at an existing cluster:  export KAFKA_BOOTSTRAP_SERVERS=localhost:9092",
        "  2. Install and start Docker (or Podman): the course runs the official apache/kafka image with Testcontainers.",
        "  3. Install Java 17+ and Maven: the course runs a local KRaft broker from the official Kafka jars (Maven Central).",
        "What was tried:",
        ...skipped.map((s) => `  - ${s.provider}: ${s.reason}`),
      ].join("\n"),
    );
    this.name = "NoBrokerError";
  }
}

/** A provider that was chosen but failed to start. */
export class BrokerStartError extends Error {
  constructor(
    readonly provider: ProviderId,
    message: string,
    readonly logTail?: string,
  ) {
    super(message);
    this.name = "BrokerStartError";
  }
}
