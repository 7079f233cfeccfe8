import { expect, test } from "vitest";
import { loadCorpus, score } from "./corpus.js";
import { judge } from "./judge.js";

const corpus = await loadCorpus();

test("the corpus has at least 30 good and 30 bad skills across lessons 0, 4, 8, 13 and 15", () => {
  expect(corpus.filter((s) => s.good).length).toBeGreaterThanOrEqual(30);
  expect(corpus.filter((s) => !s.good).length).toBeGreaterThanOrEqual(30);
  expect([...new Set(corpus.map((s) => s.lesson))]).toEqual([0, 4, 8, 13, 15]);
});

test("precision and recall per lesson are both at least 95%", async () => {
  const results = [];
  for (const skill of corpus) results.push({ skill, accepted: (await judge(skill)).accepted });
  const scores = score(results);
  for (const s of scores) {
    console.log(
      `lesson ${s.lesson}: precision ${(s.precision * 100).toFixed(1)}%, recall ${(s.recall * 100).toFixed(1)}%${s.wrong.length ? ` — misjudged: ${s.wrong.join(", ")}` : ""}`,
    );
  }
  for (const s of scores) {
    expect(s.precision, `lesson ${s.lesson} precision; misjudged: ${s.wrong.join(", ")}`).toBeGreaterThanOrEqual(0.95);
    expect(s.recall, `lesson ${s.lesson} recall; misjudged: ${s.wrong.join(", ")}`).toBeGreaterThanOrEqual(0.95);
  }
}, 60_000);
