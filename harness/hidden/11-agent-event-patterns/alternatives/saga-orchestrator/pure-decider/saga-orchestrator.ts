import type { Kafka } from "kafkajs";
// The lesson's file imports "./saga-envelope.js"; this copy lives under harness/ and reaches the
// same file, the step-1 envelope in the folder under check, through the @exercise alias.
import {
  STEPS,
  caused,
  requestStep,
  type SagaEvent,
  type Step,
} from "@exercise/11-agent-event-patterns/saga-envelope.js";

export {
  STEPS,
  caused,
  type EventType,
  type SagaEvent,
  type Step,
} from "@exercise/11-agent-event-patterns/saga-envelope.js";

export interface OrchestratorOptions {
  /** Where clients write saga.requested. */
  readonly requestsTopic: string;
  /** Where the orchestrator writes step.requested and step.compensate. */
  readonly commandsTopic: string;
  /** Where participants write their replies. */
  readonly repliesTopic: string;
  /** The saga log: saga.started, saga.timed-out, saga.confirmed, saga.compensated. */
  readonly sagasTopic: string;
  readonly groupId: string;
  /** How long to wait for a participant's reply before giving up on the step (or resending a compensation). */
  readonly stepTimeoutMs: number;
  /** No step.requested deeper than this: an agent that keeps asking for more work is stopped. */
  readonly maxDepth: number;
}

export interface Orchestrator {
  stop(): Promise<void>;
}

/** A saga's state as a value: every change makes a new one (see decide* below). */
interface SagaState {
  /** Steps that succeeded, in order. */
  readonly completed: readonly Step[];
  /** Completed steps still to undo, last completed first. */
  readonly toUndo: readonly Step[];
  /** The command whose reply the saga waits for, and when that wait runs out. */
  readonly waitingFor: SagaEvent | undefined;
  readonly deadline: number;
  readonly phase: "running" | "compensating" | "done";
  readonly reason: string;
}

interface Outgoing {
  readonly to: "commands" | "sagas";
  readonly event: SagaEvent;
}

/** What one input does to a saga: its next state and the events to send, in order. */
interface Decision {
  readonly state: SagaState;
  readonly out: readonly Outgoing[];
}

type Limits = Pick<OrchestratorOptions, "stepTimeoutMs" | "maxDepth">;

const fresh: SagaState = {
  completed: [],
  toUndo: [],
  waitingFor: undefined,
  deadline: 0,
  phase: "running",
  reason: "",
};

function then(first: Outgoing[], next: Decision): Decision {
  return { state: next.state, out: [...first, ...next.out] };
}

/** Sends `command` and starts waiting for its reply. */
function awaitReply(state: SagaState, command: SagaEvent, limits: Limits, now: number): Decision {
  return {
    state: { ...state, waitingFor: command, deadline: now + limits.stepTimeoutMs },
    out: [{ to: "commands", event: command }],
  };
}

function finish(state: SagaState, cause: SagaEvent, type: "saga.confirmed" | "saga.compensated"): Decision {
  const extra = type === "saga.compensated" ? { reason: state.reason } : {};
  return {
    state: { ...state, phase: "done", waitingFor: undefined },
    out: [{ to: "sagas", event: caused(cause, type, extra) }],
  };
}

/** The next compensation, or the end of the saga once nothing is left to undo. */
function compensateNext(state: SagaState, cause: SagaEvent, limits: Limits, now: number): Decision {
  const [step, ...rest] = state.toUndo;
  if (step === undefined) return finish(state, cause, "saga.compensated");
  return awaitReply({ ...state, toUndo: rest }, caused(cause, "step.compensate", { step }), limits, now);
}

function compensate(state: SagaState, cause: SagaEvent, reason: string, limits: Limits, now: number): Decision {
  const undo = [...state.completed].reverse();
  return compensateNext({ ...state, phase: "compensating", reason, toUndo: undo }, cause, limits, now);
}

function request(state: SagaState, cause: SagaEvent, step: Step, limits: Limits, now: number): Decision {
  const command = requestStep(cause, step, limits.maxDepth);
  if (command === undefined) {
    return compensate(state, cause, `depth limit ${limits.maxDepth} reached before ${step}`, limits, now);
  }
  return awaitReply(state, command, limits, now);
}

function decideStart(req: SagaEvent, limits: Limits, now: number): Decision {
  const started = caused(req, "saga.started");
  return then([{ to: "sagas", event: started }], request(fresh, started, STEPS[0], limits, now));
}

function decideReply(state: SagaState, reply: SagaEvent, limits: Limits, now: number): Decision {
  // Only the reply to the command being waited for counts: duplicates and late answers change nothing.
  if (state.phase === "done" || reply.causationId !== state.waitingFor?.id) return { state, out: [] };
  const waiting = { ...state, waitingFor: undefined };
  if (reply.type === "step.failed") return compensate(waiting, reply, `${reply.step} failed`, limits, now);
  if (reply.type === "step.compensated") return compensateNext(waiting, reply, limits, now);
  if (reply.type !== "step.succeeded") return { state, out: [] };
  const step = reply.step ?? STEPS[0];
  const done = waiting.completed.includes(step) ? waiting : { ...waiting, completed: [...waiting.completed, step] };
  if (step === "run-model" && reply.followUp === true) return request(done, reply, "run-model", limits, now);
  const following = STEPS[STEPS.indexOf(step) + 1];
  return following === undefined ? finish(done, reply, "saga.confirmed") : request(done, reply, following, limits, now);
}

function decideTimeout(state: SagaState, limits: Limits, now: number): Decision {
  const command = state.waitingFor;
  if (state.phase === "done" || command === undefined || now < state.deadline) return { state, out: [] };
  // A compensation is never given up: the same command again (participants deduplicate on its id).
  if (command.type === "step.compensate") return awaitReply(state, command, limits, now);
  const timedOut = caused(command, "saga.timed-out", { reason: `${command.step} did not answer` });
  const waiting = { ...state, waitingFor: undefined };
  return then(
    [{ to: "sagas", event: timedOut }],
    compensate(waiting, timedOut, `${command.step} timed out`, limits, now),
  );
}

/**
 * The orchestrator as a pure decider (state + input -> state + events) in a thin Kafka shell:
 * batches in, one sendBatch out per input, and a sweeper instead of one timer per command.
 */
export async function startOrchestrator(kafka: Kafka, options: OrchestratorOptions): Promise<Orchestrator> {
  const producer = kafka.producer({ idempotent: true });
  const consumer = kafka.consumer({ groupId: options.groupId, maxWaitTimeInMs: 100 });
  const sagas = new Map<string, SagaState>();
  const topicOf = { commands: options.commandsTopic, sagas: options.sagasTopic } as const;
  let stopped = false;
  // Inputs and timeouts are applied one at a time, so a decision always sees the latest state.
  let queue: Promise<void> = Promise.resolve();
  const serially = (work: () => Promise<void>): Promise<void> => {
    const run = queue.then(() => (stopped ? undefined : work()));
    queue = run.catch(() => {});
    return run;
  };

  const apply = async (sagaId: string, decision: Decision): Promise<void> => {
    sagas.set(sagaId, decision.state);
    if (decision.out.length === 0) return;
    const topics = [...new Set(decision.out.map((o) => o.to))];
    await producer.sendBatch({
      topicMessages: topics.map((to) => ({
        topic: topicOf[to],
        messages: decision.out
          .filter((o) => o.to === to)
          .map(({ event }) => ({ key: event.sagaId, value: JSON.stringify(event) })),
      })),
    });
  };

  const sweep = async (): Promise<void> => {
    const now = Date.now();
    for (const [sagaId, state] of sagas) {
      if (state.waitingFor !== undefined && now >= state.deadline) {
        await apply(sagaId, decideTimeout(state, options, now));
      }
    }
  };

  const onEvent = async (topic: string, event: SagaEvent): Promise<void> => {
    const state = sagas.get(event.sagaId);
    if (topic === options.requestsTopic) {
      // A redelivered request starts nothing new.
      if (event.type === "saga.requested" && state === undefined) {
        await apply(event.sagaId, decideStart(event, options, Date.now()));
      }
    } else if (state !== undefined) {
      await apply(event.sagaId, decideReply(state, event, options, Date.now()));
    }
  };

  await producer.connect();
  await consumer.connect();
  await consumer.subscribe({ topics: [options.requestsTopic, options.repliesTopic], fromBeginning: true });
  // A tenth of the step timeout: a timeout is noticed at most that late.
  const sweeper = setInterval(() => void serially(sweep).catch(() => {}), Math.max(50, options.stepTimeoutMs / 10));
  await consumer.run({
    eachBatch: async ({ batch, resolveOffset, heartbeat }) => {
      for (const message of batch.messages) {
        if (message.value) {
          const event = JSON.parse(message.value.toString()) as SagaEvent;
          await serially(() => onEvent(batch.topic, event));
        }
        resolveOffset(message.offset);
        await heartbeat();
      }
    },
  });

  let stopping: Promise<void> | undefined;
  return {
    stop: () =>
      (stopping ??= (async () => {
        stopped = true;
        clearInterval(sweeper);
        await consumer.disconnect();
        await producer.disconnect();
      })()),
  };
}
