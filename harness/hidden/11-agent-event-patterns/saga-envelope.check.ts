import { describe, test } from "vitest";
import { caused, requestStep, type SagaEvent } from "@exercise/11-agent-event-patterns/saga-envelope.js";
import { teach } from "../../testkit/teach.js";

const SEE_CAUSE = "lesson 11, section “Correlation and causation ids”";
const SEE_DEPTH = "lesson 11, section “A depth limit for agent loops”";
const SEE = "lesson 11, section “Exercise: the saga envelope”";

/** A reply deep inside a saga, carrying fields that belong to it alone. */
const reply: SagaEvent = {
  id: "reply-7",
  type: "step.succeeded",
  sagaId: "saga-42",
  correlationId: "saga-42",
  causationId: "command-6",
  depth: 4,
  time: "2026-01-01T00:00:00.000Z",
  step: "run-model",
  followUp: true,
};
const request: SagaEvent = {
  id: "request-0",
  type: "saga.requested",
  sagaId: "saga-42",
  correlationId: "saga-42",
  causationId: null,
  depth: 0,
  time: "2026-01-01T00:00:00.000Z",
};

const show = (e: SagaEvent | undefined) => JSON.stringify(e);

// Pure functions: no broker, so these checks answer in well under a second.
describe("The saga envelope", () => {
  test("caused() copies the saga and correlation ids, points at its cause and goes one level deeper", () => {
    const a = caused(reply, "saga.confirmed");
    const b = caused(reply, "saga.confirmed");
    teach(a.correlationId === "saga-42" && a.sagaId === "saga-42", {
      expected: "the cause's sagaId and correlationId copied unchanged (saga-42)",
      actual: `sagaId ${String(a.sagaId)}, correlationId ${String(a.correlationId)}: a new correlation id cuts the saga apart; copy the cause's`,
      see: SEE_CAUSE,
    });
    teach(a.causationId === reply.id, {
      expected: `causationId = the cause's own id (${reply.id})`,
      actual: `causationId ${JSON.stringify(a.causationId)}${a.causationId === reply.causationId ? ": that is the cause's causation id, one generation too far back" : a.causationId === reply.correlationId ? ": that is the correlation id, which says what belongs together, not what caused what" : ""}`,
      see: SEE_CAUSE,
    });
    teach(a.depth === reply.depth + 1, {
      expected: `depth = the cause's depth + 1 (${reply.depth + 1})`,
      actual: `depth ${String(a.depth)}`,
      see: SEE_DEPTH,
    });
    teach(typeof a.id === "string" && a.id.length > 0 && a.id !== b.id && a.id !== reply.id, {
      expected: "a fresh id for every event (randomUUID())",
      actual: `ids ${JSON.stringify(a.id)} and ${JSON.stringify(b.id)} for two events caused by ${reply.id}`,
      see: SEE_CAUSE,
    });
    teach(a.type === "saga.confirmed" && !Number.isNaN(Date.parse(a.time)), {
      expected: "the given type and the current time as an ISO string",
      actual: `type ${String(a.type)}, time ${String(a.time)}`,
      see: SEE_CAUSE,
    });
    teach(a.step === undefined && a.followUp === undefined, {
      expected: "nothing else of the cause copied: its step and followUp describe the cause, not the new event",
      actual: `caused(reply of run-model, "saga.confirmed") carries step ${String(a.step)} and followUp ${String(a.followUp)}: spread only extra, never the cause`,
      see: SEE_CAUSE,
    });
    const withExtra = caused(reply, "step.compensate", { step: "reserve-budget", reason: "publish failed" });
    teach(withExtra.step === "reserve-budget" && withExtra.reason === "publish failed", {
      expected: "extra applied on top (step reserve-budget, reason publish failed)",
      actual: show(withExtra),
      see: SEE_CAUSE,
    });
  });

  test("requestStep() makes a step.requested up to maxDepth and refuses one deeper", () => {
    const ok = requestStep({ ...reply, depth: 2 }, "publish", 3);
    teach(ok?.type === "step.requested" && ok.step === "publish" && ok.depth === 3 && ok.causationId === reply.id, {
      expected:
        "requestStep(cause at depth 2, publish, maxDepth 3): a step.requested for publish at depth 3, caused by the cause",
      actual: `${show(ok)}${ok === undefined ? ": depth 3 is not deeper than maxDepth 3, so it is allowed (refuse only depth > maxDepth)" : ""}`,
      see: SEE_DEPTH,
    });
    const refused = requestStep({ ...reply, depth: 3 }, "run-model", 3);
    teach(refused === undefined, {
      expected:
        "requestStep(cause at depth 3, run-model, maxDepth 3) refused (undefined): the command would be at depth 4",
      actual: `it returned ${show(refused)}: compare the new command's depth (cause + 1) with maxDepth before anything is sent`,
      see: SEE_DEPTH,
    });
  });

  test("an agent loop that keeps asking for another model call is stopped at the depth limit", () => {
    // The loop as the orchestrator drives it: request, succeeded(followUp), request, …
    const maxDepth = 12;
    let cause = request;
    const sent: SagaEvent[] = [];
    for (let i = 0; i < 100; i++) {
      const command = requestStep(cause, "run-model", maxDepth);
      if (command === undefined) break;
      sent.push(command);
      cause = { ...caused(command, "step.succeeded", { step: "run-model", followUp: true }) };
    }
    const deepest = Math.max(...sent.map((c) => c.depth));
    teach(sent.length > 0 && sent.length < 100 && deepest <= maxDepth, {
      expected: `the loop stopped before any command deeper than ${maxDepth}`,
      actual: `${sent.length} run-model commands, the deepest at depth ${deepest}${sent.length >= 100 ? ": the loop never stopped" : ""}`,
      see: SEE,
    });
  });
});
