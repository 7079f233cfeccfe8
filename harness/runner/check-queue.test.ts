import { expect, test } from "vitest";
import { CheckQueue, type Placement } from "./check-queue.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs jobs of the given placements, 10 ms each, and records what ran beside what. */
async function trace(concurrency: number, jobs: readonly (Placement & { name: string })[]) {
  const queue = new CheckQueue(concurrency);
  const running = new Set<string>();
  const beside = new Map<string, Set<string>>();
  const order: string[] = [];
  let peak = 0;
  await Promise.all(
    jobs.map((j) =>
      queue.run(j, async () => {
        order.push(j.name);
        for (const other of running) {
          beside.set(j.name, (beside.get(j.name) ?? new Set()).add(other));
          beside.set(other, (beside.get(other) ?? new Set()).add(j.name));
        }
        running.add(j.name);
        peak = Math.max(peak, running.size);
        await sleep(10);
        running.delete(j.name);
      }),
    ),
  );
  return { order, peak, beside: (n: string) => [...(beside.get(n) ?? [])].sort() };
}

test("runs at most `concurrency` checks at once", async () => {
  const t = await trace(
    3,
    ["a", "b", "c", "d", "e", "f", "g"].map((name) => ({ name })),
  );
  expect(t.peak).toBe(3);
  expect(t.order).toEqual(["a", "b", "c", "d", "e", "f", "g"]);
});

test("two checks holding one resource never run side by side, but each runs beside other checks", async () => {
  const t = await trace(3, [
    { name: "proxy-1", resource: "proxy" },
    { name: "proxy-2", resource: "proxy" },
    { name: "x" },
    { name: "y" },
  ]);
  expect(t.beside("proxy-1")).not.toContain("proxy-2");
  expect(t.beside("proxy-1")).toEqual(expect.arrayContaining(["x", "y"]));
  // The second proxy check waits; the checks after it do not wait behind it.
  expect(t.order.slice(0, 3)).toEqual(["proxy-1", "x", "y"]);
});

test("an `alone` check starts after every other waiting check and has nothing beside it", async () => {
  const t = await trace(4, [
    { name: "a" },
    { name: "alone-1", alone: true },
    { name: "b" },
    { name: "alone-2", alone: true },
    { name: "c" },
  ]);
  expect(t.beside("alone-1")).toEqual([]);
  expect(t.beside("alone-2")).toEqual([]);
  expect(t.order.slice(-2)).toEqual(["alone-1", "alone-2"]);
});

test("a check submitted while an `alone` one runs waits for it", async () => {
  const queue = new CheckQueue(4);
  const events: string[] = [];
  const alone = queue.run({ alone: true }, async () => {
    events.push("alone starts");
    await sleep(30);
    events.push("alone ends");
  });
  await sleep(5);
  const other = queue.run({}, async () => {
    events.push("other starts");
  });
  expect(queue.load).toEqual({ running: 1, waiting: 1 });
  await Promise.all([alone, other]);
  expect(events).toEqual(["alone starts", "alone ends", "other starts"]);
});

test("a job that throws, even before its first await, rejects its own run and frees its place", async () => {
  const queue = new CheckQueue(1);
  const bad = queue.run({ resource: "r" }, () => {
    throw new Error("boom");
  });
  await expect(bad).rejects.toThrow("boom");
  await expect(queue.run({ resource: "r" }, async () => "next")).resolves.toBe("next");
  expect(queue.load).toEqual({ running: 0, waiting: 0 });
});
