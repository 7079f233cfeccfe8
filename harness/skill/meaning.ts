import type { Sentence } from "./nlp.js";

/**
 * What a sentence does, read from its words in order: does it ask the user, refuse to ask,
 * tell the assistant to assume instead, recommend a setting, or gate advice behind questions.
 * Every pattern here is linear: bounded repetitions only, no nested unbounded quantifier.
 */

/** Adverbs and connectives that may open an instruction ("Then ask…", "First, find out…"). */
const OPENER = String.raw`(?:(?:please|always|first|then|also|now|next|so|and|finally|afterwards|second|third|lastly)[,:]?\s+){0,3}`;
/** A leading clause before the main verb: "Before you recommend anything, ask…". */
const CLAUSE = String.raw`(?:(?:before|until|when|if|once|after|whenever|for each|for every)\b[^,:;]{0,120}[,:]\s*)?`;
const SUBJECT = String.raw`(?:(?:you|the assistant|assistant|claude)\s+(?:must|should|will|need to|have to|always|first)?\s*)?`;
const ASK_VERB = String.raw`(?:ask|asking|find out|confirm|clarify|establish|determine|check with|check whether|check if|enquire|inquire|request|query|interview|gather|collect|work through|go through|discuss|explore|learn|get answers|put (?:these|the|them)|start by asking|begin by asking)`;

const ASK_START = new RegExp(`^${OPENER}${CLAUSE}${OPENER}${SUBJECT}${ASK_VERB}\\b`);
/** "…, and ask about…", "… then ask:" later in the sentence. */
const ASK_LATER = new RegExp(String.raw`(?:[,;:]|\band|\bthen)\s+${OPENER}${ASK_VERB}\b`);

const NEGATOR = String.raw`(?:do not|don'?t|never|no need to|not|avoid|skip|without|instead of|stop|refuse to|no)`;
/** "Do not ask", "never put them to the user", "skip the questions", "no questions". */
const NEGATED_ASK = new RegExp(
  String.raw`\b${NEGATOR}\s+(?:(?!before\b|until\b|after\b|unless\b|first\b|only\b)[\w']+\s+){0,3}?(?:ask\w*|question\w*|put them to|bother|wait for (?:the |any )?answers?|clarif\w*|interview\w*)\b|\bnever put\b|\bno (?:questions|clarifying)\b`,
);
/** "Skip a question the user has already answered" narrows the asking; it does not refuse it. */
const ALREADY = /\balready (?:answered|given|told|said|know)|\bhas answered\b|\bonly what\b/;
const ASSUME = new RegExp(
  String.raw`\binstead[,:]?\s+(?:just\s+)?(?:assume|pick|use|choose|go with)\b|\bassume (?:the following|these|defaults|sensible|the answers?)|\b(?:pick|use|choose) (?:sensible |safe )?defaults\b|\banswer (?:them|these|the questions|each) (?:yourself|for the user)|\bfor your own (?:reasoning|notes|thinking)|\bwithout asking\b`,
);
const FAQ_HEADING = /\bfaq\b|frequently asked|\bq ?& ?a\b|questions and answers|common questions/;
/** "Q: … A: …" written by the skill itself: the answer is already there. */
const SELF_ANSWERED = /^\W{0,4}q\s*[:.]|\s\W{0,4}a\s*:\s/;

const REC_VERB = String.raw`(?:use|set|prefer|enable|disable|configure|choose|pick|keep|turn|give|produce|key|commit|make|create|add|run|deploy|avoid|increase|raise|lower|reduce|start with|put|send|store|write|default to|go with|tune|bound|retry|classify|alert|monitor|spread|partition|replicate|publish|dedupe|deduplicate|enforce|apply|require|never|always)`;
const REC_START = new RegExp(`^${OPENER}${CLAUSE}${OPENER}${REC_VERB}\\b`);
/** A setting or value, or a Kafka concept a recommendation would be about. */
const SETTING =
  /=|\b\d|\b[a-z]+[._][a-z]+\b|\b(?:acks?|idempoten\w*|partitions?|replicas?|replication|topics?|brokers?|consumers?|producers?|keys?|keyed|offsets?|retention|compaction|compacted|schemas?|avro|transactions?|transactional|batch\w*|linger|compression|kraft|isr|groups?|lag|exactly[- ]once|at[- ]least[- ]once|kafka|events?|messages?|records?)\b/;
const DECLARED_REC =
  /^\W{0,4}(?:we|i) recommend\b|^\W{0,4}(?:recommended|recommendation|default|defaults)\s*[:-]|^\W{0,4}[a-z][a-z0-9]*(?:[._][a-z0-9]+){0,4}\s*=\s*\S/;
const ABOUT_SKILL = /\b(?:this|the) skill\b|\bload (?:it|me)\b/;

/** "Before recommending, ask…", "Do not recommend anything until…", "Recommend nothing until…". */
const GATE_BEFORE =
  /\bbefore (?:you |making |giving |offering |proposing |writing |any |a |an |the |your |with )*(?:recommend|suggest|advi[cs]|design|answer|propos|writ|generat|choos|pick|giv|decid)/;
const REFUSE_ADVICE = new RegExp(
  String.raw`\b(?:do not|don'?t|never|no|not|must not|give no|recommend nothing|suggest nothing|propose nothing)\s+(?:[\w']+\s+){0,3}?(?:recommend\w*|suggest\w*|advi[cs]\w*|propos\w*|design\w*|answer\w*|code)\b[^.]{0,120}?\b(?:until|before|yet|first|unless)\b|\b(?:recommend|suggest|propose) nothing\b[^.]{0,80}\buntil\b|\buntil\b[^,.]{0,120},\s*(?:give|make|offer) no (?:recommendation|advice|suggestion)`,
);
const ASK_FIRST =
  /\b(?:ask|clarify|gather|find out)\b[^.]{0,80}\bfirst\b|\bfirst\b[^.]{0,40}\b(?:ask|gather|collect|clarify|find out)|\b(?:start|begin) by (?:asking|gathering|collecting|clarifying)|\bwait for (?:the |their )?(?:answers?|repl(?:y|ies))/;

export interface Meaning {
  readonly question: boolean;
  readonly asks: boolean;
  /** The words that refuse to ask ("Do not ask"), when they do. */
  readonly refusesToAsk?: string;
  /** The words that tell the assistant to assume instead of asking. */
  readonly assumes?: string;
  readonly selfAnswered: boolean;
  readonly recommends: boolean;
  /** An ask that goes on to a rule: "Ask what a loss would cost, then pick at-least-once". */
  readonly alsoRules: boolean;
  readonly gate: boolean;
}

const THEN_RULE = /(?:[,;]|\bthen|\band)\s+(?:then\s+)?(?:pick|choose|use|set|prefer|make|keep|decide|select)\b/;

const either = (s: Sentence, re: RegExp) => re.exec(s.lower) ?? re.exec(s.lemmas);

export function meaning(s: Sentence): Meaning {
  const lower = s.lower.replace(/^[\W\d]{0,8}/, "").replace(/[*_`]/g, "");
  const plain = { ...s, lower };
  const neg = either(plain, NEGATED_ASK);
  const refusesToAsk = neg && !ALREADY.test(lower) ? neg[0] : undefined;
  const assume = either(plain, ASSUME)?.[0];
  const asks = !refusesToAsk && (ASK_START.test(lower) || ASK_LATER.test(lower));
  const question = /\?\W{0,4}$|\?\s/.test(s.text);
  const recommends =
    !asks &&
    !question &&
    !ABOUT_SKILL.test(lower) &&
    ((REC_START.test(lower) && SETTING.test(lower)) || DECLARED_REC.test(lower));
  const gate =
    REFUSE_ADVICE.test(lower) ||
    (!refusesToAsk && (asks || /\bquestions?\b/.test(lower)) && (GATE_BEFORE.test(lower) || ASK_FIRST.test(lower)));
  return {
    question,
    asks,
    ...(refusesToAsk ? { refusesToAsk } : {}),
    ...(assume ? { assumes: assume } : {}),
    selfAnswered: SELF_ANSWERED.test(lower),
    recommends,
    alsoRules: asks && THEN_RULE.test(lower),
    gate,
  };
}

/** A lead-in or heading that makes what follows a list of things to ask. */
export function introducesQuestions(text: string): boolean {
  const lower = text.toLowerCase();
  return (
    !FAQ_HEADING.test(lower) &&
    /\b(?:ask\w*|find out|confirm|clarify\w*|questions?|intake|discovery|what to ask)\b/.test(lower)
  );
}

export const isFaqHeading = (text: string) => FAQ_HEADING.test(text.toLowerCase());
