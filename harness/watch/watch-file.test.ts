import { mkdtemp, rename, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "vitest";
import { watchFile } from "./watch-file.js";

test("a burst of saves, including a save by rename, triggers one change after the debounce", async () => {
  const dir = await mkdtemp(join(tmpdir(), "watch-"));
  const file = join(dir, "code.ts");
  await writeFile(file, "1");
  let calls = 0;
  const stop = watchFile(file, () => calls++, 150);
  await new Promise((r) => setTimeout(r, 50));
  await writeFile(file, "2");
  await writeFile(file, "3");
  await writeFile(`${file}.tmp`, "4");
  await rename(`${file}.tmp`, file);
  await new Promise((r) => setTimeout(r, 600));
  expect(calls).toBe(1);
  await writeFile(join(dir, "other.ts"), "x");
  await new Promise((r) => setTimeout(r, 400));
  expect(calls).toBe(1);
  stop();
});
