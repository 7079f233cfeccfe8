import type { RubricItem } from "./types.js";

/** Lesson 7: what the skill must say about event schemas and their evolution. */
const EVOLVE = "lesson 7, section “Evolving the task event”";
const RULES = "lesson 7, section “Which changes break which readers”";
const WIRE = "lesson 7, section “The wire format”";
const REGISTRY = "lesson 7, section “Through the registry”";

export const items: readonly RubricItem[] = [
  {
    id: "schema-registry-avro",
    lesson: 7,
    title: "Schemas in a registry",
    detect: {
      as: "statement",
      all: [[/\bavro\b|protobuf|json schema/], [/registr/], [/\bschemas?\b/]],
    },
    fix: `Say that every non-trivial topic has a schema (Avro) kept in a schema registry, so producers cannot publish events that break the contract (${REGISTRY}).`,
    example:
      "Give every non-trivial topic an Avro schema registered in a schema registry; producers serialise through it, so a malformed event fails at the producer.",
  },
  {
    id: "schema-evolution-defaults",
    lesson: 7,
    title: "Evolve with defaults",
    detect: {
      as: "statement",
      all: [[/\bfields?\b/], [/\bdefaults?\b/], [/renam|enum|symbol|alias/]],
    },
    fix: `State the evolution rules: new fields are optional unions with null first and a null default; never add a field without a default, rename without an alias and a transition, or remove an enum symbol (${EVOLVE}).`,
    example:
      'Add new fields as ["null", T] with default null; never add a field without a default, rename a field without an alias, or remove an enum symbol.',
  },
  {
    id: "compatibility-modes",
    lesson: 7,
    title: "Compatibility modes",
    detect: {
      as: "statement",
      all: [[/\bbackward/], [/\bforward/], [/compatib/]],
    },
    fix: `Say which compatibility mode each subject uses and why: BACKWARD (the default, consumers upgrade first), FORWARD, FULL, and the transitive variants for topics with long retention (${RULES}).`,
    example:
      "Use BACKWARD compatibility by default (upgrade consumers first), FORWARD when producers upgrade first, FULL for both, and the transitive variants when old data stays in the topic.",
  },
  {
    id: "registry-wire-format",
    lesson: 7,
    title: "The registry wire format",
    detect: {
      as: "statement",
      all: [[/magic byte|wire format/], [/schema id|id of the schema|schema's id/]],
    },
    fix: `Describe the wire format: a magic byte 0, the 4-byte schema id, then the Avro body, so consumers decode each record with the schema it was written with (${WIRE}).`,
    example:
      "Registry serialisers write a magic byte 0, the 4-byte schema id and the Avro body; consumers fetch the writer's schema by that id, so old and new versions decode side by side.",
  },
  {
    id: "schema-rejection-loud",
    lesson: 7,
    title: "A rejected schema fails loudly",
    detect: {
      as: "statement",
      all: [
        [/\b409\b|reject|refuse/],
        [/fail (?:the )?(?:deploy|build|release|start)|surface|never swallow|do not swallow|don't swallow|loud/],
      ],
    },
    fix: `Say that a schema the registry rejects (HTTP 409) must fail the deploy loudly, naming the subject and the reason, never be swallowed (${REGISTRY}).`,
    example:
      "When the registry rejects a new schema version (409), fail the deploy and report the subject and reason; never swallow it and keep producing the old version.",
  },
];
