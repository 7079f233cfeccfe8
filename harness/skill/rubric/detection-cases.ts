import { expect, test } from "vitest";
import { detectItem } from "../detect.js";
import { parseBody } from "../markdown.js";
import { analyse } from "../scope.js";
import type { RubricItem } from "./types.js";

type Case = readonly [id: string, text: string];

/**
 * A lesson's rubric detection tests (tests only): each `found` text satisfies its item when
 * written under the recommendations, each `missing` text does not.
 */
export function detectionCases(items: readonly RubricItem[], cases: { found: Case[]; missing: Case[] }): void {
  const status = (id: string, text: string) => {
    const item = items.find((i) => i.id === id);
    if (!item) throw new Error(`no rubric item ${id}`);
    return detectItem(analyse(parseBody(`## Recommendations\n\n${text}\n`, 1)), item).status;
  };
  test.each(cases.found)("%s is recognised in: %s", (id, text) => expect(status(id, text)).toBe("found"));
  test.each(cases.missing)("%s is not satisfied by: %s", (id, text) => expect(status(id, text)).toBe("missing"));
}
