import type { Consumer, EachMessagePayload, Kafka, Producer } from "kafkajs";
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

/** One saga: what it has done, what it waits for, and the timer on that wait. */
class Saga {
  readonly completed: Step[] = [];
  private toUndo: Step[] = [];
  private waitingFor: SagaEvent | undefined;
  private timer: NodeJS.Timeout | undefined;
  private done = false;
  private reason = "";

  constructor(
    private readonly owner: SagaOrchestrator,
    private readonly limits: Pick<OrchestratorOptions, "stepTimeoutMs" | "maxDepth">,
  ) {}

  async begin(request: SagaEvent): Promise<void> {
    const started = caused(request, "saga.started");
    await this.owner.log(started);
    await this.request(started, STEPS[0]);
  }

  /** Acts on the reply to the command in flight; anything else (duplicate, late, unknown) is dropped. */
  async onReply(reply: SagaEvent): Promise<void> {
    if (this.done || this.waitingFor === undefined || reply.causationId !== this.waitingFor.id) return;
    this.settle();
    if (reply.type === "step.failed") return this.compensate(reply, `${reply.step} failed`);
    if (reply.type === "step.compensated") return this.undoNext(reply);
    if (reply.type !== "step.succeeded") return;
    const step = reply.step ?? STEPS[0];
    if (!this.completed.includes(step)) this.completed.push(step);
    if (step === "run-model" && reply.followUp === true) return this.request(reply, "run-model");
    const following = STEPS[STEPS.indexOf(step) + 1];
    return following === undefined ? this.end(reply, "saga.confirmed") : this.request(reply, following);
  }

  cancel(): void {
    clearTimeout(this.timer);
  }

  private settle(): void {
    this.waitingFor = undefined;
    clearTimeout(this.timer);
  }

  private async sendAndWait(command: SagaEvent): Promise<void> {
    this.settle();
    this.waitingFor = command;
    this.timer = setTimeout(
      () => void this.owner.serially(() => this.expire(command)).catch(() => {}),
      this.limits.stepTimeoutMs,
    );
    await this.owner.command(command);
  }

  private async expire(command: SagaEvent): Promise<void> {
    if (this.done || this.waitingFor?.id !== command.id) return;
    // A compensation is resent as it was (same id), never abandoned.
    if (command.type === "step.compensate") return this.sendAndWait(command);
    this.settle();
    const timedOut = caused(command, "saga.timed-out", { reason: `${command.step} did not answer` });
    await this.owner.log(timedOut);
    await this.compensate(timedOut, `${command.step} timed out`);
  }

  private async request(cause: SagaEvent, step: Step): Promise<void> {
    const command = requestStep(cause, step, this.limits.maxDepth);
    if (command === undefined) return this.compensate(cause, `stopped at depth limit ${this.limits.maxDepth}`);
    await this.sendAndWait(command);
  }

  private async compensate(cause: SagaEvent, reason: string): Promise<void> {
    this.reason = reason;
    this.toUndo = this.completed.toReversed();
    await this.undoNext(cause);
  }

  private async undoNext(cause: SagaEvent): Promise<void> {
    const step = this.toUndo.shift();
    if (step === undefined) return this.end(cause, "saga.compensated");
    await this.sendAndWait(caused(cause, "step.compensate", { step }));
  }

  private async end(cause: SagaEvent, type: "saga.confirmed" | "saga.compensated"): Promise<void> {
    this.done = true;
    this.settle();
    await this.owner.log(caused(cause, type, type === "saga.compensated" ? { reason: this.reason } : {}));
  }
}

/** The Kafka side: one consumer for requests and replies, one producer, and one lane for all sagas. */
class SagaOrchestrator implements Orchestrator {
  private readonly producer: Producer;
  private readonly consumer: Consumer;
  private readonly sagas = new Map<string, Saga>();
  private lane: Promise<void> = Promise.resolve();
  private stopping: Promise<void> | undefined;

  constructor(
    kafka: Kafka,
    private readonly options: OrchestratorOptions,
  ) {
    this.producer = kafka.producer({ idempotent: true });
    this.consumer = kafka.consumer({ groupId: options.groupId, maxWaitTimeInMs: 100 });
  }

  async start(): Promise<this> {
    await this.producer.connect();
    await this.consumer.connect();
    await this.consumer.subscribe({
      topics: [this.options.requestsTopic, this.options.repliesTopic],
      fromBeginning: true,
    });
    await this.consumer.run({ eachMessage: (payload) => this.serially(() => this.receive(payload)) });
    return this;
  }

  /** Everything that touches a saga (records and timer expiries) runs here, one piece at a time. */
  serially(work: () => Promise<void>): Promise<void> {
    const next = this.lane.then(() => (this.stopping === undefined ? work() : undefined));
    this.lane = next.catch(() => {});
    return next;
  }

  command(event: SagaEvent): Promise<void> {
    return this.send(this.options.commandsTopic, event);
  }

  log(event: SagaEvent): Promise<void> {
    return this.send(this.options.sagasTopic, event);
  }

  stop(): Promise<void> {
    this.stopping ??= (async () => {
      this.sagas.forEach((saga) => saga.cancel());
      await this.consumer.disconnect();
      await this.producer.disconnect();
    })();
    return this.stopping;
  }

  private async send(topic: string, event: SagaEvent): Promise<void> {
    await this.producer.send({ topic, messages: [{ key: event.sagaId, value: JSON.stringify(event) }] });
  }

  private async receive({ topic, message }: EachMessagePayload): Promise<void> {
    if (!message.value) return;
    const event = JSON.parse(message.value.toString()) as SagaEvent;
    const known = this.sagas.get(event.sagaId);
    if (topic === this.options.repliesTopic) return known?.onReply(event);
    // A request seen again (a redelivery) must not start a second saga.
    if (event.type !== "saga.requested" || known !== undefined) return;
    const saga = new Saga(this, this.options);
    this.sagas.set(event.sagaId, saga);
    await saga.begin(event);
  }
}

/** Orchestrates reserve-budget -> run-model -> publish for every saga.requested it reads. */
export function startOrchestrator(kafka: Kafka, options: OrchestratorOptions): Promise<Orchestrator> {
  return new SagaOrchestrator(kafka, options).start();
}
