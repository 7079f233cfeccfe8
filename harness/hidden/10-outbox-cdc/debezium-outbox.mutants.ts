import type { Mutant } from "../../runner/mutants.js";

const FILE = "debezium-outbox.ts";

export const mutants: readonly Mutant[] = [
  {
    name: "keyed by event id",
    mistake: "the router keys records by the event id instead of the aggregate id",
    file: FILE,
    edits: [
      [
        '"transforms.outbox.table.field.event.key": "aggregate_id",',
        '"transforms.outbox.table.field.event.key": "event_id",',
      ],
    ],
    expectMessage: /the record key is the aggregate id/,
  },
  {
    name: "default router columns",
    mistake: "the router left on its default columns (id, aggregatetype, ...) for a table that names them differently",
    file: FILE,
    edits: [['    "transforms.outbox.table.field.event.id": "event_id",\n', ""]],
    expectMessage: /table\.field\.event/,
  },
  {
    name: "no dedupe after restart",
    mistake: "deduplicating by event id in memory only, so a restarted consumer applies redelivered events again",
    file: FILE,
    edits: [
      [
        `          const fresh = await client.query(
            "INSERT INTO processed_events (event_id) VALUES ($1) ON CONFLICT (event_id) DO NOTHING",
            [event.eventId],
          );
          if (fresh.rowCount === 1) await options.apply(event);`,
        `          if (!seen.has(event.eventId)) await options.apply(event);
          seen.add(event.eventId);`,
      ],
      [
        "  const consumer = options.kafka.consumer({ groupId: options.groupId });",
        "  const seen = new Set<string>();\n  const consumer = options.kafka.consumer({ groupId: options.groupId });",
      ],
    ],
    expectMessage: /applied twice/,
  },
  {
    name: "no replica identity",
    mistake: "an outbox table without a primary key, whose rows are deleted after insert",
    file: FILE,
    edits: [["      event_id       uuid PRIMARY KEY,", "      event_id       uuid NOT NULL,"]],
    expectMessage: /replica identity/,
  },
];
