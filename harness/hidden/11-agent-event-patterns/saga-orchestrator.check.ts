import { randomUUID } from "node:crypto";
import type { Consumer, Producer } from "kafkajs";
import { afterAll, beforeAll, describe, test } from "vitest";
import {
  startOrchestrator,
  type Orchestrator,
  type OrchestratorOptions,
  type SagaEvent,
  type Step,
} from "@exercise/11-agent-event-patterns/saga-orchestrator.js";
import { createTopic, testKafka, uniqueName, within } from "../../testkit/kafka.js";
import { teach } from "../../testkit/teach.js";

const SEE_SAGA = "lesson 11, section “Exercise: a saga orchestrator”";
const SEE_COMPENSATION = "lesson 11, section “Compensation”";
const SEE_TIMEOUT = "lesson 11, section “Timeouts”";
const SEE_IDEMPOTENT = "lesson 11, section “Idempotent steps”";
const SEE_CAUSE = "lesson 11, section “Correlation and causation ids”";
const SEE_DEPTH = "lesson 11, section “A depth limit for agent loops”";

/** Short, but far above a reply's round trip on a busy machine (a few hundred ms). */
const STEP_TIMEOUT_MS = 3_000;
const MAX_DEPTH = 12;
/** How long a saga may take before the check says it is stuck (it takes about a second). */
const SAGA_BOUND_MS = 12_000;
/** After the final event: time for anything the orchestrator should NOT have sent to show up. */
const SETTLE_MS = 1_500;
/** A compensation takes this long to answer, so compensations sent together are seen overlapping. */
const COMPENSATE_MS = 300;

/** How the checks' participants behave for one saga. */
interface Plan {
  readonly fail?: Step;
  /** Deliver the failure reply twice, as an at-least-once producer or a redelivery may. */
  readonly duplicateFailure?: boolean;
  /** Never answer this step. */
  readonly silent?: Step;
  /** run-model always asks for another call: an agent that never decides it is done. */
  readonly loop?: boolean;
}

interface Seen {
  readonly topic: string;
  readonly event: SagaEvent;
  /** The record's timestamp: when its producer sent it. */
  readonly sentAt: number;
}

let options: OrchestratorOptions;
let orchestrator: Orchestrator | undefined;
let producer: Producer;
let participants: Consumer;
const plans = new Map<string, Plan>();
/** Every event of the commands, replies and sagas topics, in the order read. */
const log: Seen[] = [];
/** Participants are idempotent: a command id they have seen is answered again, not applied again. */
const answered = new Map<string, SagaEvent[]>();

function reply(command: SagaEvent, type: SagaEvent["type"], extra: Partial<SagaEvent> = {}): SagaEvent {
  return {
    id: randomUUID(),
    type,
    sagaId: command.sagaId,
    correlationId: command.correlationId,
    causationId: command.id,
    depth: command.depth + 1,
    time: new Date().toISOString(),
    step: command.step,
    ...extra,
  };
}

/** The participant services: reserve-budget, run-model, publish and their compensations. */
async function participate(command: SagaEvent): Promise<void> {
  const plan = plans.get(command.sagaId) ?? {};
  let replies = answered.get(command.id);
  if (!replies) {
    if (command.type === "step.compensate") replies = [reply(command, "step.compensated")];
    else if (command.type !== "step.requested" || plan.silent === command.step) replies = [];
    else if (plan.fail === command.step) {
      const failed = reply(command, "step.failed");
      replies = plan.duplicateFailure ? [failed, failed] : [failed];
    } else
      replies = [reply(command, "step.succeeded", plan.loop && command.step === "run-model" ? { followUp: true } : {})];
    answered.set(command.id, replies);
  }
  if (replies.length === 0) return;
  const answer = () =>
    producer.send({
      topic: options.repliesTopic,
      messages: replies.map((r) => ({ key: r.sagaId, value: JSON.stringify(r) })),
    });
  // Undoing takes a while; answered off the consumer's loop so other sagas' commands keep flowing.
  if (command.type === "step.compensate")
    void pause(COMPENSATE_MS)
      .then(answer)
      .catch(() => {});
  else await answer();
}

beforeAll(async () => {
  const kafka = testKafka();
  options = {
    requestsTopic: uniqueName("saga-requests"),
    commandsTopic: uniqueName("saga-commands"),
    repliesTopic: uniqueName("saga-replies"),
    sagasTopic: uniqueName("saga-log"),
    groupId: uniqueName("saga-orchestrator"),
    stepTimeoutMs: STEP_TIMEOUT_MS,
    maxDepth: MAX_DEPTH,
  };
  const { requestsTopic, commandsTopic, repliesTopic, sagasTopic } = options;
  await Promise.all([requestsTopic, commandsTopic, repliesTopic, sagasTopic].map((t) => createTopic(kafka, t, 3)));
  producer = kafka.producer();
  participants = kafka.consumer({ groupId: uniqueName("saga-participants"), maxWaitTimeInMs: 100 });
  // The step timeout starts when a command is sent: the participants must be in their group by then.
  const joined = new Promise<void>((resolve) => participants.on(participants.events.GROUP_JOIN, () => resolve()));
  await producer.connect();
  await participants.connect();
  await participants.subscribe({ topics: [commandsTopic, repliesTopic, sagasTopic], fromBeginning: true });
  await participants.run({
    eachMessage: async ({ topic, message }) => {
      const event = JSON.parse(message.value?.toString() ?? "{}") as SagaEvent;
      log.push({ topic, event, sentAt: Number(message.timestamp) });
      if (topic === commandsTopic) await participate(event);
    },
  });
  await within(20_000, "the checks' participants joining their consumer group", joined);
  orchestrator = await within(20_000, "startOrchestrator", startOrchestrator(testKafka(), options));
}, 40_000);

afterAll(async () => {
  await within(10_000, "stop()", orchestrator?.stop() ?? Promise.resolve()).catch(() => {});
  await participants?.disconnect().catch(() => {});
  await producer?.disconnect().catch(() => {});
});

/** Starts one saga the way a client does: a saga.requested event, correlation id = saga id. */
async function requestSaga(name: string, plan: Plan): Promise<SagaEvent> {
  const sagaId = uniqueName(name);
  plans.set(sagaId, plan);
  const request: SagaEvent = {
    id: randomUUID(),
    type: "saga.requested",
    sagaId,
    correlationId: sagaId,
    causationId: null,
    depth: 0,
    time: new Date().toISOString(),
  };
  await producer.send({ topic: options.requestsTopic, messages: [{ key: sagaId, value: JSON.stringify(request) }] });
  return request;
}

const ofSaga = (sagaId: string, topic?: string): SagaEvent[] =>
  log.filter((s) => s.event.sagaId === sagaId && (topic === undefined || s.topic === topic)).map((s) => s.event);
const finals = (sagaId: string): SagaEvent[] =>
  ofSaga(sagaId, options.sagasTopic).filter((e) => e.type === "saga.confirmed" || e.type === "saga.compensated");
const commands = (sagaId: string, type: SagaEvent["type"]): SagaEvent[] =>
  ofSaga(sagaId, options.commandsTopic).filter((e) => e.type === type);
/** Distinct compensation commands (a resent command keeps its id and is not a second compensation). */
const compensations = (sagaId: string): Step[] =>
  [...new Map(commands(sagaId, "step.compensate").map((c) => [c.id, c.step] as const)).values()] as Step[];

async function until(ms: number, ok: () => boolean): Promise<boolean> {
  const end = Date.now() + ms;
  while (!ok() && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
  return ok();
}
function pause(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** The saga's events in causal order as far as their depths tell (topics interleave when read). */
function describeSaga(sagaId: string): string {
  const byDepth = ofSaga(sagaId).sort((a, b) => (Number(a.depth) || 0) - (Number(b.depth) || 0));
  const events = byDepth.map((e) => (e.step ? `${e.type}(${e.step})` : e.type));
  return events.join(" → ") || "no event at all";
}

/** Waits for the saga's final event (within the check's own bound) and returns it. */
async function finalOf(request: SagaEvent, see: string, stuck: () => string): Promise<SagaEvent> {
  await until(SAGA_BOUND_MS, () => finals(request.sagaId).length > 0);
  const final = finals(request.sagaId)[0];
  teach(final !== undefined, {
    expected: `saga ${request.sagaId} to end with saga.confirmed or saga.compensated in ${options.sagasTopic}`,
    actual: `nothing after ${SAGA_BOUND_MS / 1000} s: ${stuck()}. Seen so far: ${describeSaga(request.sagaId)}`,
    see,
  });
  await pause(SETTLE_MS);
  return final;
}

function expectOneFinal(request: SagaEvent): void {
  const all = finals(request.sagaId);
  teach(all.length === 1, {
    expected: "exactly one final event per saga",
    actual: `${all.map((e) => e.type).join(", ")}: the saga ended more than once (a duplicate or late reply was acted on)`,
    see: SEE_IDEMPOTENT,
  });
}

/**
 * The causality tree, rebuilt from the topics: every event the orchestrator emitted carries the
 * saga id as correlation id, the id of an earlier event of the saga as causation id, and its
 * cause's depth + 1; so every event hangs under the request.
 */
function expectCausalityTree(request: SagaEvent): void {
  const events = [request, ...ofSaga(request.sagaId)];
  const byId = new Map(events.map((e) => [e.id, e] as const));
  const name = (e: SagaEvent) => (e.step ? `${e.type}(${e.step})` : e.type);
  const emitted = [...ofSaga(request.sagaId, options.commandsTopic), ...ofSaga(request.sagaId, options.sagasTopic)];
  for (const e of emitted) {
    teach(e.correlationId === request.sagaId, {
      expected: `every event of saga ${request.sagaId} to carry correlation id = the saga id`,
      actual: `${name(e)} carries correlation id ${String(e.correlationId)}: copy the cause's correlation id, never mint a new one`,
      see: SEE_CAUSE,
    });
    const cause = typeof e.causationId === "string" ? byId.get(e.causationId) : undefined;
    teach(cause !== undefined, {
      expected: "every event the orchestrator emits to carry causation id = the id of the event that caused it",
      actual: `${name(e)} has causation id ${JSON.stringify(e.causationId)}, which is not the id of any event of this saga, so the causality tree falls apart (${describeSaga(request.sagaId)})`,
      see: SEE_CAUSE,
    });
    teach(e.depth === cause.depth + 1, {
      expected: "every event one level deeper than its cause (depth = cause's depth + 1)",
      actual: `${name(e)} has depth ${e.depth}, its cause ${name(cause)} has depth ${cause.depth}`,
      see: SEE_DEPTH,
    });
  }
  const reached = new Set([request.id]);
  for (let grew = true; grew;) {
    grew = false;
    for (const e of events) {
      if (!reached.has(e.id) && e.causationId !== null && reached.has(e.causationId)) {
        reached.add(e.id);
        grew = true;
      }
    }
  }
  const loose = events.filter((e) => !reached.has(e.id));
  teach(loose.length === 0, {
    expected: "one connected causality tree per saga, rooted at its saga.requested",
    actual: `not reachable from the request: ${loose.map(name).join(", ")}`,
    see: SEE_CAUSE,
  });
}

function expectCompensations(request: SagaEvent, expected: readonly Step[], why: string): void {
  const got = compensations(request.sagaId);
  const counts = new Map<Step, number>();
  for (const s of got) counts.set(s, (counts.get(s) ?? 0) + 1);
  const twice = [...counts].filter(([, n]) => n > 1);
  teach(twice.length === 0, {
    expected: `each completed step compensated exactly once (${expected.join(", ") || "none"})`,
    actual: `${twice.map(([s, n]) => `compensated ${s} ${n} times`).join(", ")} (${describeSaga(request.sagaId)}). A duplicate reply started the compensations again: act only on the reply to the command the saga is waiting for (its causation id) and ignore duplicates`,
    see: SEE_IDEMPOTENT,
  });
  teach(got.join(",") === expected.join(","), {
    expected: `${why}: compensations ${expected.join(" then ") || "none"} (completed steps only, last completed first)`,
    actual: `compensations ${got.join(" then ") || "none"}`,
    see: SEE_COMPENSATION,
  });
  // One at a time: each compensation is sent only after the one before it was answered.
  const sent = log.filter((s) => s.topic === options.commandsTopic && s.event.sagaId === request.sagaId);
  const answers = log.filter((s) => s.topic === options.repliesTopic && s.event.sagaId === request.sagaId);
  const firsts = [
    ...new Map(sent.filter((s) => s.event.type === "step.compensate").map((s) => [s.event.id, s])).values(),
  ];
  for (let i = 1; i < firsts.length; i++) {
    const before = firsts[i - 1]!;
    const answered = answers.find(
      (a) => a.event.type === "step.compensated" && a.event.causationId === before.event.id,
    );
    const next = firsts[i]!;
    teach(answered !== undefined && next.sentAt >= answered.sentAt, {
      expected: `step.compensate(${next.event.step}) sent only after step.compensate(${before.event.step}) was answered with step.compensated (compensations one at a time, in reverse order)`,
      actual: answered
        ? `step.compensate(${next.event.step}) was sent ${answered.sentAt - next.sentAt} ms before the participant answered the compensation of ${before.event.step} (it takes ${COMPENSATE_MS} ms): the compensations were started together. Send the next one when the previous step.compensated arrives, caused by it`
        : `step.compensate(${next.event.step}) was sent although the compensation of ${before.event.step} was never answered: the compensations were started together`,
      see: SEE_COMPENSATION,
    });
  }
}

describe.concurrent("Saga orchestrator", () => {
  test("a saga whose steps all succeed ends confirmed, steps in order, nothing compensated", async () => {
    const request = await requestSaga("saga-ok", {});
    const final = await finalOf(request, SEE_SAGA, () => "the saga never finished");
    const steps = commands(request.sagaId, "step.requested").map((c) => c.step);
    teach(final.type === "saga.confirmed", {
      expected: "saga.confirmed when every step succeeded",
      actual: `${final.type} (${describeSaga(request.sagaId)})`,
      see: SEE_SAGA,
    });
    teach(steps.join(",") === "reserve-budget,run-model,publish", {
      expected: "step.requested for reserve-budget, run-model, publish, one after the other",
      actual: steps.join(", "),
      see: SEE_SAGA,
    });
    expectCompensations(request, [], "nothing failed");
    expectOneFinal(request);
    expectCausalityTree(request);
  });

  test("a failed step compensates the completed steps in reverse order, once each, even when the failure is delivered twice", async () => {
    const request = await requestSaga("saga-fail", { fail: "publish", duplicateFailure: true });
    const final = await finalOf(request, SEE_COMPENSATION, () => "publish failed, and the saga never finished");
    teach(final.type === "saga.compensated", {
      expected: "saga.compensated after publish failed",
      actual: `${final.type} (${describeSaga(request.sagaId)})`,
      see: SEE_COMPENSATION,
    });
    expectCompensations(request, ["run-model", "reserve-budget"], "publish failed after run-model");
    expectOneFinal(request);
    expectCausalityTree(request);
  });

  test("a participant that never answers makes the step time out, and the saga compensates", async () => {
    const request = await requestSaga("saga-silent", { silent: "run-model" });
    const final = await finalOf(
      request,
      SEE_TIMEOUT,
      () =>
        `run-model never answered and the saga is still waiting (stepTimeoutMs was ${STEP_TIMEOUT_MS} ms): with no step timeout a silent participant blocks the saga for ever; start a timer per command and compensate when it fires`,
    );
    teach(final.type === "saga.compensated", {
      expected: "saga.compensated after run-model timed out",
      actual: `${final.type} (${describeSaga(request.sagaId)})`,
      see: SEE_TIMEOUT,
    });
    const run = commands(request.sagaId, "step.requested").find((c) => c.step === "run-model");
    const timedOut = ofSaga(request.sagaId, options.sagasTopic).filter((e) => e.type === "saga.timed-out");
    teach(timedOut.length === 1 && timedOut[0]!.causationId === run?.id, {
      expected:
        "one saga.timed-out in the saga log, caused by the unanswered step.requested(run-model), before the compensations",
      actual:
        timedOut.length === 0
          ? `no saga.timed-out in ${options.sagasTopic} (${describeSaga(request.sagaId)}): the timeout was acted on silently, so the log cannot say why the saga compensated. Emit saga.timed-out, caused by the command that was not answered, then compensate`
          : `${timedOut.length} saga.timed-out event(s), caused by ${timedOut.map((e) => String(e.causationId)).join(", ")} (the run-model command is ${String(run?.id)})`,
      see: SEE_TIMEOUT,
    });
    expectCompensations(request, ["reserve-budget"], "run-model never answered");
    expectOneFinal(request);
    expectCausalityTree(request);
  });

  test("an agent loop that keeps asking for another model call stops at the depth limit", async () => {
    const request = await requestSaga("saga-loop", { loop: true });
    const tooDeep = () => commands(request.sagaId, "step.requested").filter((c) => c.depth > MAX_DEPTH);
    await until(SAGA_BOUND_MS, () => finals(request.sagaId).length > 0 || tooDeep().length > 0);
    const runs = commands(request.sagaId, "step.requested").filter((c) => c.step === "run-model");
    teach(tooDeep().length === 0, {
      expected: `no step.requested deeper than maxDepth ${MAX_DEPTH}`,
      actual: `the agent loop never stopped: ${runs.length} run-model commands so far, down to depth ${Math.max(...runs.map((c) => c.depth))}. Compute each command's depth (cause's depth + 1) and refuse to request a step deeper than maxDepth`,
      see: SEE_DEPTH,
    });
    const final = await finalOf(request, SEE_DEPTH, () => "the looping saga never finished");
    teach(final.type === "saga.compensated", {
      expected: "saga.compensated once the depth limit stops the loop",
      actual: `${final.type} (${describeSaga(request.sagaId)})`,
      see: SEE_DEPTH,
    });
    expectCompensations(request, ["run-model", "reserve-budget"], "the loop was stopped after run-model");
    expectOneFinal(request);
    expectCausalityTree(request);
  });
});
