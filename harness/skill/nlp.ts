import winkNLP, { type ItemSentence, type ItsFunction } from "wink-nlp";
import model from "wink-eng-lite-web-model";

/**
 * Sentences with their lemmas, from wink-nlp and the English model that ships inside its npm
 * package (nothing is downloaded). The lemma text lets a lexicon say "keep" once for "kept",
 * "keeps" and "keeping", and "event" for "events".
 */
export interface Sentence {
  /** As written (whitespace collapsed). */
  readonly text: string;
  /** Lowercased. */
  readonly lower: string;
  /** The lowercased lemmas joined by spaces ("how long be event keep ?"). */
  readonly lemmas: string;
}

const nlp = winkNLP(model);
const its = nlp.its;

/**
 * Beyond this a unit is not prose anyone wrote for an assistant: it is split on sentence marks
 * only, so the tagger's cost stays bounded on adversarial input.
 */
export const NLP_MAX_CHARS = 4000;

export function sentences(text: string): Sentence[] {
  if (!text.trim()) return [];
  if (text.length > NLP_MAX_CHARS) {
    return text
      .split(/(?<=[.?!])\s+/)
      .filter((s) => s.trim())
      .map((s) => ({ text: s, lower: s.toLowerCase(), lemmas: s.toLowerCase() }));
  }
  const out: Sentence[] = [];
  const doc = nlp.readDoc(text);
  doc.sentences().each((s: ItemSentence) => {
    const raw = s.out().trim();
    if (raw)
      out.push({
        text: raw,
        lower: raw.toLowerCase(),
        lemmas: s
          .tokens()
          .out(its.lemma as ItsFunction<string>)
          .join(" ")
          .toLowerCase(),
      });
  });
  return out;
}
