import { expect, test } from "vitest";
import { formatSummary, summarise } from "./stats.js";

test("min, median and p95 by nearest rank", () => {
  expect(summarise([])).toBeUndefined();
  expect(summarise([3000])).toEqual({ n: 1, min: 3000, median: 3000, p95: 3000 });
  expect(summarise([5, 1, 4, 2, 3])).toEqual({ n: 5, min: 1, median: 3, p95: 5 });
  const hundred = Array.from({ length: 100 }, (_, i) => i + 1);
  expect(summarise(hundred)).toEqual({ n: 100, min: 1, median: 50, p95: 95 });
  expect(formatSummary(summarise([1000, 1500, 2500]))).toBe("1.00 / 1.50 / 2.50");
  expect(formatSummary(undefined)).toBe("—");
});
