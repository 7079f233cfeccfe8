import type { Mutant } from "../../runner/mutants.js";

export const mutants: readonly Mutant[] = [
  {
    name: "no step timeout",
    mistake: "waiting for a participant's reply for ever (no timer per command)",
    file: "saga-orchestrator.ts",
    edits: [
      [
        "    saga.timer = setTimeout(() => void enqueue(saga, () => onTimeout(saga, command)), options.stepTimeoutMs);\n",
        "",
      ],
    ],
    expectMessage: /run-model never answered and the saga is still waiting.*no step timeout/,
  },
  {
    name: "acts on duplicate replies",
    mistake: "acting on every reply, so a duplicate failure starts the compensations again",
    file: "saga-orchestrator.ts",
    edits: [['    if (saga.phase === "done" || reply.causationId !== saga.waitingFor?.id) return;\n', ""]],
    expectMessage: /compensated run-model 2 times.*duplicate/,
  },
  {
    name: "causation id dropped",
    mistake: "leaving out the causation id, so the causality tree cannot be rebuilt",
    file: "saga-envelope.ts",
    edits: [["    causationId: cause.id,\n", "    causationId: null,\n"]],
    expectMessage: /causation id null.*causality tree falls apart/,
  },
  {
    name: "new correlation id per event",
    mistake: "minting a fresh correlation id instead of copying the cause's",
    file: "saga-envelope.ts",
    edits: [["    correlationId: cause.correlationId,\n", "    correlationId: randomUUID(),\n"]],
    expectMessage: /correlation id = the saga id/,
  },
  {
    name: "no depth limit",
    mistake: "letting an agent loop request steps without a depth limit",
    file: "saga-envelope.ts",
    edits: [["  return command.depth > maxDepth ? undefined : command;\n", "  return command;\n"]],
    expectMessage: /the agent loop never stopped/,
  },
  {
    name: "compensations all at once",
    mistake: "sending every compensation at once instead of each after the previous one's reply",
    file: "saga-orchestrator.ts",
    edits: [
      [
        "    saga.toUndo = [...saga.completed].reverse();\n    await compensateNext(saga, cause);\n",
        '    saga.toUndo = [...saga.completed].reverse();\n    for (const step of saga.toUndo.splice(0, saga.toUndo.length - 1)) {\n      await emit(options.commandsTopic, caused(cause, "step.compensate", { step }));\n    }\n    await compensateNext(saga, cause);\n',
      ],
    ],
    expectMessage: /the compensations were started together/,
  },
  {
    name: "timeout not surfaced",
    mistake: "compensating on a timeout without recording saga.timed-out in the saga log",
    file: "saga-orchestrator.ts",
    edits: [["    await emit(options.sagasTopic, timedOut);\n", ""]],
    expectMessage: /no saga.timed-out in .*acted on silently/,
  },
];
