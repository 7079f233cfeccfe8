import type { Block } from "./blocks.js";
import type { RubricItem } from "./rubric/types.js";
import type { Finding, ItemResult } from "./types.js";

/**
 * Finds each rubric item in the skill's blocks. Questions must ask (end in "?", tell the
 * assistant to ask/confirm/clarify, or sit in a list introduced that way); context topics must
 * sit in the context-gathering section, which must come before the recommendations.
 */
const ASK =
  /\b(?:ask|asks|asking|confirm|clarify|find out|determine|establish|enquire|inquire|check (?:whether|if|with)|questions?|gather|collect|interview)\b/;
const NEGATED = /\b(?:don'?t|do not|never|no need to|without|instead of|not)\s+(?:ask|asking|question|confirm|clarify)/;
const CONTEXT_HEADING =
  /context|before (?:you )?(?:recommend|answer|design|suggest)|question|discovery|clarif|requirement|gather|intake|\bask/;
const ADVICE_HEADING =
  /recommend|design|default|pattern|best practice|guidance|guideline|configur|producer|consumer|anti-pattern|checklist|rules?\b|topic|partition|schema|reliab|operat|deliver|transaction/;

export interface ContextRange {
  readonly from: number;
  readonly to: number;
  /** Block index of the gathering heading, -1 when there is none. */
  readonly heading: number;
}

function sectionEnd(blocks: readonly Block[], h: number): number {
  const level = blocks[h]?.level ?? 1;
  const next = blocks.findIndex((b, i) => i > h && b.kind === "heading" && b.level <= level);
  return next < 0 ? blocks.length : next;
}

/** The context-gathering section, or (without one) everything before the first advice heading. */
export function contextRange(blocks: readonly Block[]): { range: ContextRange; findings: Finding[] } {
  const findings: Finding[] = [];
  const h = blocks.findIndex((b) => b.kind === "heading" && b.level > 1 && CONTEXT_HEADING.test(b.text));
  const advice = blocks.findIndex(
    (b, i) =>
      b.kind === "heading" && b.level > 1 && i !== h && ADVICE_HEADING.test(b.text) && !CONTEXT_HEADING.test(b.text),
  );
  if (h < 0) {
    findings.push({
      code: "CONTEXT_SECTION_MISSING",
      severity: "warning",
      message: "no context-gathering heading (e.g. “## Before recommending: gather context”)",
      fix: "Put the questions under their own heading, before any recommendation (lesson 0, section “Context gathering: ask before you recommend”).",
    });
    return { range: { from: 0, to: advice < 0 ? blocks.length : advice, heading: -1 }, findings };
  }
  if (advice >= 0 && advice < h) {
    findings.push({
      code: "CONTEXT_AFTER_RECOMMENDATIONS",
      severity: "error",
      message: `the context-gathering section (line ${blocks[h]?.line}) comes after recommendations (“${blocks[advice]?.raw}”, line ${blocks[advice]?.line})`,
      line: blocks[h]?.line ?? 1,
      fix: "Move the context-gathering section above every recommendation: the assistant must ask before it advises.",
    });
  }
  return { range: { from: h, to: sectionEnd(blocks, h), heading: h }, findings };
}

function matches(item: RubricItem, text: string): boolean {
  return item.detect.all.every((group) => group.some((re) => re.test(text)));
}

function asks(blocks: readonly Block[], b: Block): boolean {
  if (NEGATED.test(b.text)) return false;
  if (/\?/.test(b.text) || ASK.test(b.text) || ASK.test(b.leadIn)) return true;
  const heading = blocks[b.heading];
  return (
    b.kind === "item" && heading !== undefined && /\bask|question/.test(heading.text) && !NEGATED.test(heading.text)
  );
}

/** Units for an item: blocks, or whole sections (heading text plus everything under it). */
function units(blocks: readonly Block[], item: RubricItem): { block: Block; text: string; index: number }[] {
  if (item.detect.scope !== "section") return blocks.map((block, index) => ({ block, text: block.text, index }));
  // Innermost sections first: the report should point at "## Producer defaults", not the title.
  return blocks
    .flatMap((block, index) => {
      if (block.kind !== "heading") return [];
      const end = sectionEnd(blocks, index);
      const text = blocks
        .slice(index, end)
        .map((b) => b.text)
        .join("\n");
      return [{ block, index, text, span: end - index }];
    })
    .sort((a, b) => a.span - b.span || a.index - b.index);
}

export function detectItem(blocks: readonly Block[], range: ContextRange, item: RubricItem): ItemResult {
  const base = { id: item.id, lesson: item.lesson, title: item.title };
  const missing = (reason?: string, line?: number): ItemResult => ({
    ...base,
    status: "missing",
    fix: item.fix,
    example: item.example,
    ...(reason ? { reason } : {}),
    ...(line ? { line } : {}),
  });
  const candidates = units(blocks, item).filter((u) => matches(item, u.text));
  if (candidates.length === 0) return missing();
  // A rule is stated, not asked: "Does order matter per key?" does not teach the rule.
  const asked =
    item.detect.as === "question"
      ? candidates.filter((u) => asks(blocks, u.block))
      : candidates.filter((u) => item.detect.scope === "section" || !/\?\s*$/.test(u.text));
  if (asked.length === 0) {
    const first = candidates[0]?.block;
    const why =
      item.detect.as === "question"
        ? "but not asked: make it a question, or tell the assistant to ask it"
        : "only as a question: state the rule and its reason";
    return missing(`mentioned at line ${first?.line} ${why}`, first?.line);
  }
  const placed =
    item.detect.where === "context" ? asked.filter((u) => u.index >= range.from && u.index < range.to) : asked;
  const hit = placed[0]?.block;
  if (!hit) {
    const first = asked[0]?.block;
    return missing(
      `asked at line ${first?.line}, outside the context-gathering section: move it there, before any recommendation`,
      first?.line,
    );
  }
  return {
    ...base,
    status: "found",
    line: hit.line,
    text: hit.raw.length > 160 ? `${hit.raw.slice(0, 157)}…` : hit.raw,
  };
}
