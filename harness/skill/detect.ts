import type { RubricItem, WrongForm } from "./rubric/types.js";
import type { AnalysedUnit, Analysis, Read } from "./scope.js";
import type { ItemResult } from "./types.js";

/**
 * Finds each rubric item in an analysed body. A context question counts in a sentence that
 * asks the user, is not refused or replaced by assumptions, is not an FAQ, and comes before the
 * first recommending sentence. A rule counts in a statement (not a question) and fails when a
 * known wrong form of it is stated anywhere.
 */
const quote = (s: string, max = 80) => `“${s.length > max ? `${s.slice(0, max - 1)}…` : s}”`;
const clip = (s: string) => (s.length > 160 ? `${s.slice(0, 157)}…` : s);

function matches(item: RubricItem, r: Pick<Read, "sentence">): boolean {
  const test = (text: string) => item.detect.all.every((group) => group.some((re) => re.test(text)));
  return test(r.sentence.lower) || test(r.sentence.lemmas);
}

/**
 * Several sentences read as one text. When they are a whole unit its own text is used, so a
 * sentence splitter's cut inside "min.insync.replicas" cannot hide a setting.
 */
const asText = (reads: readonly Read[], whole?: string) => ({
  sentence: {
    text: whole ?? reads.map((r) => r.sentence.text).join(" "),
    lower: whole?.toLowerCase() ?? reads.map((r) => r.sentence.lower).join(" "),
    lemmas: reads.map((r) => r.sentence.lemmas).join(" "),
  },
});

/** A table read whole, under its header row: a rule may spread over its rows. */
function tables(a: Analysis): { unit: AnalysedUnit; reads: Read[]; all: Read[] }[] {
  const rows = new Map<number, AnalysedUnit[]>();
  for (const u of a.units) {
    const header = u.kind === "row" ? u.leadIns[0] : undefined;
    if (header !== undefined && a.units[header]?.kind === "row") rows.set(header, [...(rows.get(header) ?? []), u]);
  }
  return [...rows].flatMap(([h, body]) => {
    const head = a.units[h];
    if (!head) return [];
    const span = [head, ...body];
    return [
      {
        unit: head,
        reads: span.flatMap((x) => x.reads.filter((r) => isStatement(x, r))),
        all: span.flatMap((x) => x.reads),
      },
    ];
  });
}

const PRE_CUE = /\b(?:not|never|no|avoid\w*|don'?t|instead of|rather than|unlike|nor|without|except|against|wrong)\b/;
const POST_CUE =
  /^[^.;]{0,40}?\b(?:los(?:e|es|ing|t)|drops?|risks?|unsafe|only (?:for|when|if)|is wrong|forgets?|breaks?)\b/;

/** A wrong form stated as the mistake ("never acks=1", "acks=0 loses events") is not a wrong rule. */
function statesWrong(lower: string, w: WrongForm): string | undefined {
  const m = w.pattern.exec(lower);
  if (!m) return undefined;
  const pre =
    lower
      .slice(Math.max(0, m.index - 60), m.index)
      .split(/[.;]/)
      .pop() ?? "";
  const post = lower.slice(m.index + m[0].length, m.index + m[0].length + 60);
  return PRE_CUE.test(pre) || POST_CUE.test(post) ? undefined : m[0];
}

function isStatement(u: AnalysedUnit, r: Read): boolean {
  if (r.meaning.question) return false;
  if (r.meaning.asks) return r.meaning.alsoRules;
  return !(u.askedByScope && (u.kind === "item" || u.kind === "row"));
}

type Text = ReturnType<typeof asText>;
interface Candidate {
  readonly unit: AnalysedUnit;
  /** Its statements read as one text, when it has any. */
  readonly statements?: Text;
  readonly all: Text;
}

/** The block candidates of an analysis with their texts joined once, shared by every item. */
export interface Prepared {
  readonly blocks: readonly Candidate[];
}

function candidate(unit: AnalysedUnit, reads: readonly Read[], all: readonly Read[], whole?: string): Candidate {
  return { unit, all: asText(all), ...(reads.length > 0 ? { statements: asText(reads, whole) } : {}) };
}

export function prepare(a: Analysis): Prepared {
  const blocks = a.units.map((u) => {
    const reads = u.reads.filter((r) => isStatement(u, r));
    return candidate(u, reads, u.reads, reads.length === u.reads.length && u.kind !== "row" ? u.raw : undefined);
  });
  return { blocks: [...blocks, ...tables(a).map((t) => candidate(t.unit, t.reads, t.all))] };
}

export function detectItem(a: Analysis, item: RubricItem, prepared: Prepared = prepare(a)): ItemResult {
  const base = { id: item.id, lesson: item.lesson, title: item.title };
  const missing = (reason?: string, line?: number): ItemResult => ({
    ...base,
    status: "missing",
    fix: item.fix,
    example: item.example,
    ...(reason ? { reason } : {}),
    ...(line ? { line } : {}),
  });
  const found = (u: AnalysedUnit): ItemResult => ({ ...base, status: "found", line: u.line, text: clip(u.raw) });
  const rec = a.units[a.firstRecommendation];
  const afterRec = (u: AnalysedUnit) =>
    item.detect.where === "context" && rec !== undefined && u.index >= a.firstRecommendation && u !== rec;
  const inCode = () => {
    const h = a.hidden.find((x) =>
      matches(item, { sentence: { text: x.text, lower: x.text.toLowerCase(), lemmas: "" } }),
    );
    return (
      h &&
      missing(
        `found only inside ${h.kind === "code" ? "a code block" : "an HTML comment"} on line ${h.line}, which never counts`,
        h.line,
      )
    );
  };

  if (item.detect.as === "question" || item.detect.as === "gate") {
    const near: { reason: string; line: number }[] = [];
    for (const u of a.units) {
      const hits = u.reads.filter((r) => (item.detect.as === "gate" ? r.meaning.gate : matches(item, r)));
      if (hits.length === 0 && item.detect.as === "question" && u.reads.length > 1 && matches(item, asText(u.reads))) {
        hits.push(...u.reads.filter((r) => r.meaning.question || r.meaning.asks).slice(0, 1));
      }
      for (const r of hits) {
        const why = u.barrier
          ? u.barrier.why === "faq"
            ? `in an FAQ (under ${quote(u.barrier.words)}, line ${u.barrier.line}): the user asks there, and the skill answers`
            : u.barrier.why === "refuses"
              ? `negated by ${quote(u.barrier.words)} on line ${u.barrier.line}`
              : `under ${quote(u.barrier.words)} on line ${u.barrier.line}: the assistant assumes instead of asking`
          : r.meaning.refusesToAsk
            ? `negated by ${quote(r.meaning.refusesToAsk)} on line ${u.line}`
            : r.meaning.selfAnswered
              ? `asked and answered by the skill itself (Q:/A:) on line ${u.line}`
              : item.detect.as === "question" && !(r.meaning.question || r.meaning.asks || u.askedByScope)
                ? `mentioned on line ${u.line} but not asked: make it a question, or tell the assistant to ask it`
                : afterRec(u)
                  ? `asked on line ${u.line}, after the first recommendation on line ${rec?.line} (${quote(rec?.raw ?? "", 60)}): ask before recommending`
                  : undefined;
        if (!why) return found(u);
        near.push({ reason: why, line: u.line });
      }
    }
    const first = near[0];
    if (first) return missing(first.reason, first.line);
    return inCode() ?? missing();
  }

  // Statements: a rule, not a question; no known wrong form anywhere.
  for (const u of a.units) {
    for (const r of u.reads) {
      if (r.meaning.question) continue;
      for (const w of item.detect.wrong ?? []) {
        const said = statesWrong(r.sentence.lower, w);
        if (said) return missing(`line ${u.line} says ${quote(said, 60)}: ${w.why}`, u.line);
      }
    }
  }
  const candidates: readonly Candidate[] =
    item.detect.scope === "section"
      ? a.units
          .filter((u) => u.kind === "heading")
          .map((h) => {
            const next = a.units.findIndex((x) => x.index > h.index && x.kind === "heading" && x.level <= h.level);
            const span = a.units.slice(h.index, next < 0 ? a.units.length : next);
            const reads = span.flatMap((x) => x.reads.filter((r) => isStatement(x, r)));
            return {
              size: span.length,
              c: candidate(
                h,
                reads,
                span.flatMap((x) => x.reads),
              ),
            };
          })
          .sort((x, y) => x.size - y.size || x.c.unit.index - y.c.unit.index)
          .map((x) => x.c)
      : prepared.blocks;
  const hit = candidates.find((c) => c.statements && matches(item, c.statements));
  if (hit) {
    if (afterRec(hit.unit)) {
      return missing(
        `stated on line ${hit.unit.line}, after the first recommendation on line ${rec?.line}`,
        hit.unit.line,
      );
    }
    return found(hit.unit);
  }
  const asked = candidates.find((c) => matches(item, c.all));
  if (asked) {
    return missing(`only as a question on line ${asked.unit.line}: state the rule and its reason`, asked.unit.line);
  }
  return inCode() ?? missing();
}
