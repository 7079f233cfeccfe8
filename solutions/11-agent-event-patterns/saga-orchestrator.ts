import type { Kafka } from "kafkajs";
import { STEPS, caused, requestStep, type SagaEvent, type Step } from "./saga-envelope.js";

export { STEPS, caused, type EventType, type SagaEvent, type Step } from "./saga-envelope.js";

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

interface Saga {
  /** Steps that succeeded, in order. */
  readonly completed: Step[];
  /** Completed steps still to undo, last completed first. */
  toUndo: Step[];
  /** The command whose reply the saga waits for. */
  waitingFor: SagaEvent | undefined;
  phase: "running" | "compensating" | "done";
  reason: string;
  timer: NodeJS.Timeout | undefined;
  /** One saga's events are handled one at a time (replies and timeouts alike). */
  lane: Promise<void>;
}

/**
 * Orchestrates reserve-budget → run-model → publish for every saga.requested it reads,
 * talking to the participants only through Kafka: commands out, replies in, key = saga id.
 */
export async function startOrchestrator(kafka: Kafka, options: OrchestratorOptions): Promise<Orchestrator> {
  const producer = kafka.producer({ idempotent: true });
  const consumer = kafka.consumer({ groupId: options.groupId, maxWaitTimeInMs: 100 });
  const sagas = new Map<string, Saga>();
  let stopped = false;

  const emit = async (topic: string, event: SagaEvent): Promise<void> => {
    await producer.send({ topic, messages: [{ key: event.sagaId, value: JSON.stringify(event) }] });
  };

  const enqueue = (saga: Saga, work: () => Promise<void>): Promise<void> => {
    const next = saga.lane.then(() => (stopped ? undefined : work()));
    saga.lane = next.catch(() => {});
    return next;
  };

  /** Sends `command` and starts the clock on its reply. */
  const send = async (saga: Saga, command: SagaEvent): Promise<void> => {
    saga.waitingFor = command;
    clearTimeout(saga.timer);
    saga.timer = setTimeout(() => void enqueue(saga, () => onTimeout(saga, command)), options.stepTimeoutMs);
    await emit(options.commandsTopic, command);
  };

  const finish = async (saga: Saga, cause: SagaEvent, type: "saga.confirmed" | "saga.compensated") => {
    saga.phase = "done";
    saga.waitingFor = undefined;
    clearTimeout(saga.timer);
    await emit(options.sagasTopic, caused(cause, type, type === "saga.compensated" ? { reason: saga.reason } : {}));
  };

  /** Undo the completed steps one at a time, last completed first. */
  const startCompensation = async (saga: Saga, cause: SagaEvent, reason: string): Promise<void> => {
    saga.phase = "compensating";
    saga.reason = reason;
    saga.toUndo = [...saga.completed].reverse();
    await compensateNext(saga, cause);
  };

  const compensateNext = async (saga: Saga, cause: SagaEvent): Promise<void> => {
    const step = saga.toUndo.shift();
    if (step === undefined) return finish(saga, cause, "saga.compensated");
    await send(saga, caused(cause, "step.compensate", { step }));
  };

  const next = async (saga: Saga, cause: SagaEvent, step: Step): Promise<void> => {
    const command = requestStep(cause, step, options.maxDepth);
    if (command === undefined) {
      return startCompensation(saga, cause, `depth limit ${options.maxDepth} reached before ${step}`);
    }
    await send(saga, command);
  };

  const onTimeout = async (saga: Saga, command: SagaEvent): Promise<void> => {
    if (saga.waitingFor?.id !== command.id) return; // answered in the meantime
    // A compensation is never given up: send the same command again (participants deduplicate on its id).
    if (command.type === "step.compensate") return send(saga, command);
    const timedOut = caused(command, "saga.timed-out", { reason: `${command.step} did not answer` });
    await emit(options.sagasTopic, timedOut);
    await startCompensation(saga, timedOut, `${command.step} timed out`);
  };

  const onRequest = async (request: SagaEvent): Promise<void> => {
    if (sagas.has(request.sagaId)) return; // a redelivered request starts nothing new
    const saga: Saga = {
      completed: [],
      toUndo: [],
      waitingFor: undefined,
      phase: "running",
      reason: "",
      timer: undefined,
      lane: Promise.resolve(),
    };
    sagas.set(request.sagaId, saga);
    await enqueue(saga, async () => {
      const started = caused(request, "saga.started");
      await emit(options.sagasTopic, started);
      await next(saga, started, STEPS[0]);
    });
  };

  const onReply = async (saga: Saga, reply: SagaEvent): Promise<void> => {
    // Only the answer to the command the saga waits for counts: a duplicate delivery, or a late
    // answer after a timeout, must not move the saga (or start its compensations) a second time.
    if (saga.phase === "done" || reply.causationId !== saga.waitingFor?.id) return;
    saga.waitingFor = undefined;
    clearTimeout(saga.timer);
    switch (reply.type) {
      case "step.failed":
        return startCompensation(saga, reply, `${reply.step} failed`);
      case "step.compensated":
        return compensateNext(saga, reply);
      case "step.succeeded": {
        const step = reply.step ?? STEPS[0];
        if (!saga.completed.includes(step)) saga.completed.push(step);
        // The agent asked for another model call: a new step, one level deeper each time.
        if (step === "run-model" && reply.followUp === true) return next(saga, reply, "run-model");
        const following = STEPS[STEPS.indexOf(step) + 1];
        if (following === undefined) return finish(saga, reply, "saga.confirmed");
        return next(saga, reply, following);
      }
      default:
        return;
    }
  };

  await producer.connect();
  await consumer.connect();
  await consumer.subscribe({ topics: [options.requestsTopic, options.repliesTopic], fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ topic, message }) => {
      if (!message.value) return;
      const event = JSON.parse(message.value.toString()) as SagaEvent;
      if (topic === options.requestsTopic) {
        if (event.type === "saga.requested") await onRequest(event);
        return;
      }
      const saga = sagas.get(event.sagaId);
      if (saga) await enqueue(saga, () => onReply(saga, event));
    },
  });

  let stopping: Promise<void> | undefined;
  return {
    stop: () =>
      (stopping ??= (async () => {
        stopped = true;
        for (const saga of sagas.values()) clearTimeout(saga.timer);
        await consumer.disconnect();
        await producer.disconnect();
      })()),
  };
}
