import type { RubricItem } from "./types.js";

/**
 * Lesson 0, "Context before recommendations": what the skill makes the assistant ask before it
 * recommends anything. Each topic is detected as a question (or an instruction to ask) inside
 * the context-gathering section; synonyms and paraphrases count, a bare keyword does not.
 */
const SEE = "lesson 0, section “Context gathering: ask before you recommend”";
/** Experience as the corpus phrases it: "background", "at home with", "dealt with", "can they run…". */
const EXPERIENCE = [
  /experien|familiar|comfort|confident|background|proficien|at ease|at home|seniority|track record|expertise|knowledge|\bknows?\b|skill level|new to|beginner|hands-on/,
  /\b(?:worked|work|dealt|deal|used|run|ran|operated|built|touched|done)\b (?:with |on )?(?:\w+ ){0,3}?(?:kafka|distributed|replicated|containers?|docker|kubernetes|k8s)/,
  /\b(?:did|done|used|run|ran|operated|built|touched)\b.{0,40}\b(?:before|already|previously|in production)\b/,
  /\bcan (?:they |you |the team )?(?:run|operate|handle|manage|do)\b/,
];

const ctx = (id: string, title: string, all: readonly (readonly RegExp[])[], example: string): RubricItem => ({
  id,
  lesson: 0,
  title,
  detect: { all, as: "question", where: "context" },
  fix: `Before the first recommendation, ask about ${title.toLowerCase()} (${SEE}).`,
  example,
});

export const items: readonly RubricItem[] = [
  {
    id: "ctx-ask-first",
    lesson: 0,
    title: "Ask before recommending",
    detect: { all: [[/recommend|advi[cs]|suggest|propos|design|answer/]], as: "gate", where: "context" },
    fix: `Open the skill with one sentence that holds every recommendation back until the questions are answered, before any advice (${SEE}).`,
    example: "Before recommending anything, ask the questions below and wait for the answers.",
  },
  ctx(
    "ctx-kafka-experience",
    "The team's experience with Kafka",
    [EXPERIENCE, [/kafka|event streaming|streaming platform|message broker/]],
    "How much experience does your team have with Kafka: none, some, or running it in production?",
  ),
  ctx(
    "ctx-distributed-experience",
    "Experience with distributed systems",
    [EXPERIENCE, [/distributed|replicat|consensus|partition(?:ed|ing) data/]],
    "Has the team built or operated distributed systems before?",
  ),
  ctx(
    "ctx-container-experience",
    "Container and Kubernetes experience",
    [EXPERIENCE, [/container|kubernetes|\bk8s\b|docker|orchestrat|helm/]],
    "Is the team comfortable with containers and Kubernetes?",
  ),
  ctx(
    "ctx-throughput",
    "Expected throughput (messages per second)",
    [
      [
        /throughput/,
        /(?:messages?|events?|records?|msgs?|requests?)\s*(?:per|\/|a|each)\s*(?:s\b|sec|second|minute|hour|day)/,
        /per second|how many (?:messages|events|records|requests)|message rate|event rate|ingest(?:ion)? rate|peak (?:rate|load|traffic|volume)|volume of (?:messages|events|data)/,
      ],
    ],
    "What throughput do you expect: messages per second on average and at peak?",
  ),
  ctx(
    "ctx-message-size",
    "Message size (average and maximum)",
    [
      [
        /(?:message|msg|event|record|payload)s?'? sizes?/,
        /size of (?:a |an |each |the |your |typical )*(?:messages?|events?|records?|payloads?)/,
        /how (?:big|large|heavy)\b/,
        /\b(?:bytes|kb|kib|mb|mib|kilobytes|megabytes)\b/,
      ],
      [
        /average|\bavg\b|typical|usual|normal|mean|median|\bmax|largest|biggest|upper (?:bound|limit)|range|p99|worst case|at most|can get/,
      ],
    ],
    "How large are your messages, on average and at most (for example 2 KB typical, 1 MB max)?",
  ),
  ctx(
    "ctx-retention",
    "Retention",
    [
      [
        /retention|retain/,
        /how long\b[^.?]{0,60}\b(?:keep|kept|stor|availab|replay|around|readable|stay)/,
        /\b(?:readable|replayable|re-?readable)\b/,
        /keep (?:the )?(?:data|messages|events|records|history)/,
      ],
    ],
    "How long must events stay in Kafka: hours, days, or for ever (for replay or audit)?",
  ),
  ctx(
    "ctx-growth",
    "Expected growth",
    [
      [
        /grow|growth|increas|doubl|scale (?:up|out)|more (?:traffic|users|load|volume)|increase in (?:volume|traffic|load)|forecast|projected|next (?:year|\d+ months)|in a year/,
      ],
    ],
    "How do you expect volume to grow over the next year?",
  ),
  ctx(
    "ctx-latency",
    "End-to-end latency budget",
    [
      [
        /latency|end[- ]to[- ]end|response time|turnaround|\bdelay\b/,
        /how (?:fast|quickly|soon)\b[^.?]{0,50}\b(?:process|handl|deliver|react|\bact\b|see|arriv|respond|reach|consum|show)/,
        /within (?:how many |a few )?(?:milliseconds|seconds|minutes)/,
        /how (?:long|much delay)\b[^.?]{0,40}\b(?:wait|delay|take|acceptable|tolerate)/,
      ],
    ],
    "What end-to-end latency can you accept, from the event being produced to it being processed?",
  ),
  ctx(
    "ctx-real-time",
    "Real-time or near-real-time",
    [[/real[- ]?time|\bbatch|interactive|offline|can wait|streaming or/]],
    "Does this need to be real-time, near-real-time, or can it run in batches?",
  ),
  ctx(
    "ctx-delivery-semantics",
    "Delivery semantics (at-most, at-least, exactly once)",
    [
      [
        /exactly[- ]once|at[- ]least[- ]once|at[- ]most[- ]once|delivery (?:semantics|guarantees?)/,
        /\btwice\b|more than once|\blost\b|go(?:es)? missing/,
        /duplicat|(?:lose|losing|lost|drop|dropping) (?:a |an |any )?(?:messages?|events?|records?|data)|message loss|data loss/,
      ],
    ],
    "Which delivery guarantee do you need: at-most-once, at-least-once, or exactly-once? Can you tolerate duplicates or losses?",
  ),
  ctx(
    "ctx-infrastructure",
    "Infrastructure (cloud, on-premises, hybrid; managed or self-run)",
    [[/cloud|on[- ]?prem|hybrid|data ?cent(?:er|re)|\baws\b|azure|\bgcp\b|own hardware|infrastructure/]],
    "Where will this run: a cloud, on-premises, or hybrid? A managed Kafka service or brokers you run yourselves?",
  ),
  ctx(
    "ctx-deployment",
    "Deployment method",
    [
      [
        /deploy|install|provision|bare metal|virtual machines|\bvms?\b/,
        /managed (?:service|kafka|offering)|self[- ]?(?:run|hosted|managed|operated)|run (?:kafka|it|the cluster|the brokers) yourselves/,
      ],
    ],
    "How do you deploy: a managed service, Kubernetes with an operator, VMs, or bare metal?",
  ),
  ctx(
    "ctx-compliance-security",
    "Compliance and security requirements",
    [
      [
        /complian|regulat|gdpr|hipaa|\bpci\b|\bsox\b|security|encrypt|data residency|\baudit|\bpii\b|personal data|privacy|authenticat|authori[sz]/,
      ],
    ],
    "Are there compliance or security requirements (GDPR, encryption, audit, access control)?",
  ),
  ctx(
    "ctx-monitoring",
    "Monitoring tools in use",
    [[/monitor|observab|metrics|alerting|dashboards?|prometheus|grafana|datadog|opentelemetry|tracing/]],
    "Which monitoring and observability tools do you already use (Prometheus, Grafana, Datadog…)?",
  ),
  ctx(
    "ctx-operations-staffing",
    "Operations staffing",
    [
      [
        /devops|\bsre\b|site reliability|on[- ]call|paged|pager|platform team|\bops\b/,
        /operations (?:team|staff|people|engineers|resources|capacity)/,
        /who (?:will |would |is going to )?(?:operate|run|maintain|look after|support|own)/,
        /dedicated\b[^.?]{0,40}\b(?:people|staff|engineers|team|resources)|\bstaff\w*/,
      ],
    ],
    "Who will operate Kafka day to day: a dedicated DevOps/SRE team, or the developers themselves?",
  ),
  ctx(
    "ctx-disaster-recovery",
    "Disaster recovery and backup",
    [[/disaster|recover|backup|back up|\bdr\b|failover|region|goes down|\brpo\b|\brto\b|outage/]],
    "What are your disaster-recovery and backup needs: how much data may you lose, and how fast must you recover?",
  ),
];
