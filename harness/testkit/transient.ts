import { kafkaConfig } from "../broker/probe.js";
import { CheckKafka } from "./check-client.js";
import { courseContext } from "./kafka.js";

/** The checks' own retries of transient broker errors: one implementation, in broker/probe.ts. */
export { retryTransient } from "../broker/probe.js";

/**
 * A client on the course broker whose own retries outlast a coordinator election under load
 * (the course default of 2 retries gave up in about 300 ms). For the checks' own readers and
 * for learner functions whose subject is not retrying (a downstream reader, a report).
 */
export function patientKafka(clientId = "check-patient"): CheckKafka {
  return new CheckKafka({ ...kafkaConfig(courseContext().connection, clientId), retry: PATIENT_RETRY });
}

/** About 8 s of retries in all: longer than a coordinator election on a loaded 2-core machine. */
export const PATIENT_RETRY = { retries: 8, initialRetryTime: 100, maxRetryTime: 2_000 } as const;
