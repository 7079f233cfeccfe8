import type { ParsedBody, Unit } from "./markdown.js";
import { introducesQuestions, isFaqHeading, meaning, type Meaning } from "./meaning.js";
import { sentences, type Sentence } from "./nlp.js";

/**
 * Each unit with its sentences and what governs it: a lead-in or heading that asks ("Ask the
 * user:"), refuses to ask ("Do not ask … instead assume:") or is an FAQ. A lead-in's scope is
 * its list (or table); a heading's is its section, down to the next heading of its level.
 */
export interface Read {
  readonly sentence: Sentence;
  readonly meaning: Meaning;
}

/** Why a unit's questions do not count, with the unit that says so. */
export interface Barrier {
  readonly why: "refuses" | "assumes" | "faq";
  readonly words: string;
  readonly line: number;
}

export interface AnalysedUnit extends Unit {
  readonly index: number;
  readonly reads: readonly Read[];
  /** A lead-in or heading above makes this unit something to ask. */
  readonly askedByScope: boolean;
  readonly barrier?: Barrier;
}

export interface Analysis {
  readonly units: readonly AnalysedUnit[];
  readonly hidden: ParsedBody["hidden"];
  /** Index of the unit holding the first recommending sentence, or units.length. */
  readonly firstRecommendation: number;
}

function barrierOf(u: Unit, reads: readonly Read[]): Barrier | undefined {
  if (u.kind === "heading" && isFaqHeading(u.raw)) return { why: "faq", words: u.raw, line: u.line };
  for (const r of reads) {
    if (r.meaning.refusesToAsk) return { why: "refuses", words: r.meaning.refusesToAsk, line: u.line };
    if (r.meaning.assumes) return { why: "assumes", words: r.meaning.assumes, line: u.line };
  }
  return undefined;
}

export function analyse(body: ParsedBody): Analysis {
  const reads = body.units.map((u) => sentences(u.raw).map((sentence) => ({ sentence, meaning: meaning(sentence) })));
  const own = body.units.map((u, i) => barrierOf(u, reads[i] ?? []));
  const asksOwn = body.units.map(
    (u, i) =>
      !own[i] &&
      (u.kind === "heading" || u.kind === "row" || u.kind === "paragraph" || u.kind === "item") &&
      ((reads[i] ?? []).some((r) => r.meaning.asks) || (u.kind !== "paragraph" && introducesQuestions(u.raw))),
  );
  // Headings that govern a unit: the nearest one and its ancestors (each of a lower level),
  // computed once per heading so a long document stays linear.
  const ancestors = new Map<number, number[]>();
  body.units.forEach((u, i) => {
    if (u.kind !== "heading") return;
    let h = u.heading;
    while (h >= 0 && (body.units[h]?.level ?? 0) >= u.level) h = ancestors.get(h)?.[0] ?? -1;
    ancestors.set(i, h >= 0 ? [h, ...(ancestors.get(h) ?? [])] : []);
  });
  const headings = (i: number): number[] => {
    const u = body.units[i];
    if (!u) return [];
    if (u.kind === "heading") return ancestors.get(i) ?? [];
    return u.heading >= 0 ? [u.heading, ...(ancestors.get(u.heading) ?? [])] : [];
  };
  const units = body.units.map((u, index): AnalysedUnit => {
    const governing = [...u.leadIns, ...headings(index)];
    const barrier = own[index] ?? governing.map((g) => own[g]).find((b) => b !== undefined);
    const askedByScope = governing.some((g) => asksOwn[g]);
    return { ...u, index, reads: reads[index] ?? [], askedByScope, ...(barrier ? { barrier } : {}) };
  });
  const first = units.findIndex((u) => u.reads.some((r) => r.meaning.recommends));
  return { units, hidden: body.hidden, firstRecommendation: first < 0 ? units.length : first };
}
