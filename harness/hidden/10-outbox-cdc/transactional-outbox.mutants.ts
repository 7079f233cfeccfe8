import type { Mutant } from "../../runner/mutants.js";

const FILE = "outbox.ts";

export const mutants: readonly Mutant[] = [
  {
    name: "dual write",
    mistake: "committing the task row, then publishing the event directly (a dual write)",
    file: FILE,
    edits: [
      [
        `        return addToOutbox(client, task.taskId, "task.created", { ...task });
      }),`,
        `      }).then(async () => {
        const eventId = randomUUID();
        await options.publish([
          { key: task.taskId, value: JSON.stringify({ eventId, type: "task.created", ...task }), headers: { "event-id": eventId } },
        ]);
        return eventId;
      }),`,
      ],
    ],
    expectMessage: /dual write/,
  },
  {
    name: "no transaction",
    mistake: "writing the change and the outbox row without a transaction",
    file: FILE,
    edits: [
      ['    await client.query("BEGIN");\n', ""],
      ['    await client.query("COMMIT");\n', ""],
      ['    await client.query("ROLLBACK").catch(() => {});\n', ""],
    ],
    expectMessage: /published for a change that was rolled back/,
  },
  {
    name: "keyed by event id",
    mistake: "keying records by event id instead of the task (the aggregate)",
    file: FILE,
    edits: [["        key: r.aggregate_id,", "        key: r.event_id,"]],
    expectMessage: /keyed by the task id/,
  },
];
