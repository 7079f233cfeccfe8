import { expect, test } from "vitest";
import { toBlocks } from "./blocks.js";
import { contextRange, detectItem } from "./detect.js";
import type { RubricItem } from "./rubric/types.js";

const item = (detect: RubricItem["detect"]): RubricItem => ({
  id: "probe",
  lesson: 9,
  title: "Probe",
  detect,
  fix: "add the probe",
  example: "Probe?",
});

const body = `# Title

## Before recommending: questions

- What throughput do you expect?

## Producer defaults

Use acks=all and idempotence,
because retries must not duplicate events.

- What retention do you need?

\`\`\`
acks=all because
\`\`\`
`;
const blocks = toBlocks(body, 5);
const { range } = contextRange(blocks);

test("blocks carry file line numbers; code blocks are dropped", () => {
  expect(blocks.map((b) => [b.kind, b.line])).toEqual([
    ["heading", 5],
    ["heading", 7],
    ["item", 9],
    ["heading", 11],
    ["paragraph", 13],
    ["item", 16],
  ]);
});

test("a statement spread over a paragraph's lines is found at its first line", () => {
  const r = detectItem(blocks, range, item({ as: "statement", all: [[/acks=all/], [/because/]] }));
  expect(r).toMatchObject({ status: "found", line: 13 });
});

test("section scope matches groups anywhere under one heading", () => {
  const probe = item({ as: "statement", scope: "section", all: [[/producer defaults/], [/retention/]] });
  expect(detectItem(blocks, range, probe)).toMatchObject({ status: "found", line: 11 });
  expect(detectItem(blocks, range, { ...probe, detect: { ...probe.detect, scope: "block" } }).status).toBe("missing");
});

test("a context question asked after the recommendations is reported with its line", () => {
  const r = detectItem(blocks, range, item({ as: "question", where: "context", all: [[/retention/]] }));
  expect(r).toMatchObject({
    status: "missing",
    line: 16,
    reason: expect.stringMatching(/outside the context-gathering/),
  });
  const ok = detectItem(blocks, range, item({ as: "question", where: "context", all: [[/throughput/]] }));
  expect(ok).toMatchObject({ status: "found", line: 9 });
});

test("a statement item is not satisfied by a question", () => {
  const qs = toBlocks("## Rules\n\n- Does order matter per key?\n", 1);
  const r = detectItem(qs, contextRange(qs).range, item({ as: "statement", all: [[/order/], [/key/]] }));
  expect(r).toMatchObject({ status: "missing", reason: expect.stringMatching(/only as a question/) });
});
