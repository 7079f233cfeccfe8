import { mkdtempSync, rmSync } from "node:fs";
import { mkdtemp, mkdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";

let parent: string | undefined;

/** One folder per test file for every fixture, removed after the file's tests (imported by tests only). */
afterAll(() => {
  if (parent) rmSync(parent, { recursive: true, force: true });
  parent = undefined;
});

function fixturesRoot(): string {
  parent ??= mkdtempSync(join(tmpdir(), "skill-check-"));
  return parent;
}

/** Writes `text` as <tmp>/<folder>/SKILL.md and returns its path (tests only). */
export async function writeSkill(text: string | Buffer, folder = "kafka-events"): Promise<string> {
  const dir = join(await mkdtemp(join(fixturesRoot(), "case-")), folder);
  await mkdir(dir, { recursive: true });
  const path = join(dir, "SKILL.md");
  await writeFile(path, text);
  return path;
}

export const FRONTMATTER = `---
name: kafka-events
description: Designs Kafka event flows for AI services. Use when building or reviewing Kafka producers and consumers.
---
`;

/** The same topics as the reference, worded differently: lead-in lists, no question marks. */
export const PARAPHRASED = `${FRONTMATTER}
# Kafka helper

## Discovery first

Do not propose a design until the user has answered these. Ask the user about:

- how familiar their engineers are with Kafka
- whether they have run distributed systems before
- their comfort with Docker and k8s
- peak events per second
- how big the payloads get, typical and worst case
- how long the data has to stay available for replay
- expected growth in traffic over the next year
- the acceptable delay end to end
- whether a batch job would do, or it must be real time
- whether duplicates are acceptable, and what exactly-once would be worth
- AWS, Azure, GCP or their own data centre
- whether they want a managed service or a self-hosted cluster
- GDPR or other regulatory constraints
- which dashboards and alerting they already have
- who is on call for the platform
- failover and backup expectations

## Guidance

- Keep configuration explicit.
`;

/** Every topic named, none asked: a glossary, not a method. */
export const KEYWORDS_ONLY = `${FRONTMATTER}
# Kafka helper

## Kafka topics to keep in mind

- Kafka experience, distributed systems experience, Kubernetes experience
- throughput in messages per second
- message size: average and maximum
- retention
- growth
- end-to-end latency
- real-time versus batch
- exactly-once, at-least-once, at-most-once
- cloud, on-premises or hybrid infrastructure
- managed service or self-hosted deployment
- compliance and security
- monitoring with Prometheus
- DevOps and SRE staffing
- disaster recovery and backups
`;

/** The topics as a conversation would phrase them: questions, no keyword the reference uses. */
export const QUESTIONS = `${FRONTMATTER}
# Kafka helper

## Clarifying questions (always first)

First ask, and wait for the reply:

1. What is your team's background with Kafka?
2. Have your engineers operated replicated, distributed services before?
3. Are you at ease running things on Kubernetes?
4. Roughly how many events will you publish each second at peak?
5. How big can a single payload get, and what is typical?
6. How long do you need to keep events around?
7. Do you expect traffic to increase a lot this year?
8. How much delay is acceptable between an event and its effect?
9. Is this batch work, or does a user wait for the result in real time?
10. Is it OK if an event is processed twice, or lost?
11. Is it on AWS, another cloud, or your own servers?
12. Will you use a managed Kafka service, or run the brokers yourselves?
13. Which regulations or security policies apply to the data?
14. Where do your metrics and alerts live today?
15. Who gets paged when the cluster has a problem?
16. What happens if a whole region goes down: how much data may you lose?

## Advice

- Explain each setting.
`;
