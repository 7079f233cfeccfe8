import { expect, test } from "vitest";
import { runMany } from "./run-many.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test("runs at most `concurrency` at once, reports each as it ends, returns results in order", async () => {
  let running = 0;
  let peak = 0;
  const ended: string[] = [];
  const results = await runMany(["a", "b", "c", "d", "e"], {
    concurrency: 2,
    run: async (x, i) => {
      running++;
      peak = Math.max(peak, running);
      await sleep(i === 0 ? 60 : 10);
      running--;
      return x.toUpperCase();
    },
    onEnd: (x) => ended.push(x),
  });
  expect(results).toEqual(["A", "B", "C", "D", "E"]);
  expect(peak).toBe(2);
  expect(ended[0]).toBe("b"); // "a" is slow: the others end first
  expect([...ended].sort()).toEqual(["a", "b", "c", "d", "e"]);
});

test("`alone` items run after the others, with nothing beside them", async () => {
  let running = 0;
  const beside: number[] = [];
  const order: number[] = [];
  await runMany([1, 2, 3, 4, 5, 6], {
    concurrency: 3,
    placement: (n) => ({ alone: n % 3 === 0 }),
    run: async (n) => {
      running++;
      if (n % 3 === 0) beside.push(running - 1);
      order.push(n);
      await sleep(10);
      running--;
      return n;
    },
  });
  expect(beside).toEqual([0, 0]);
  expect(order.slice(-2)).toEqual([3, 6]);
});

test("a job that throws stops new jobs; the running ones finish; the first error is thrown", async () => {
  const started: number[] = [];
  const finished: number[] = [];
  const run = runMany([1, 2, 3, 4], {
    concurrency: 2,
    run: async (n) => {
      started.push(n);
      await sleep(n === 1 ? 5 : 30);
      if (n === 1) throw new Error("boom");
      finished.push(n);
      return n;
    },
  });
  await expect(run).rejects.toThrow("boom");
  expect(started).toEqual([1, 2]);
  expect(finished).toEqual([2]);
});
