import { render } from "ink-testing-library";
import { expect, test } from "vitest";
import { emptyProgress } from "../progress/store.js";
import { App, type AppServices } from "./App.js";
import { course } from "./fixtures.js";

const services: AppServices = {
  root: "/x",
  startBroker: () => new Promise(() => {}),
  check: async () => ({ status: "passed", tests: [], durationMs: 1 }),
  record: async () => emptyProgress(),
  reset: async () => "reset",
  checkSkill: async () => undefined,
  solutionText: async () => "const x = 1;",
  lessonSkillReference: async () => "# skill",
  inspector: () => {
    throw new Error("no broker in this test");
  },
  clusterConnection: async () => undefined,
};

test("smoke", async () => {
  const r = render(<App course={course} progress={emptyProgress()} services={services} />);
  await new Promise((res) => setTimeout(res, 100));
  console.log(r.lastFrame());
  expect(r.lastFrame()).toContain("Kafka for AI Services");
});
