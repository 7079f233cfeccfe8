import type { CheckResult } from "../runner/types.js";

const color = (code: number) => (s: string) => (process.stdout.isTTY ? `\x1b[${code}m${s}\x1b[0m` : s);
export const green = color(32);
export const red = color(31);
export const dim = color(2);
export const bold = color(1);

export function formatResult(id: string, r: CheckResult): string {
  const head =
    r.status === "passed"
      ? green(`✓ ${id}: all ${r.tests.length} checks passed`)
      : red(
          `✗ ${id}: ${r.status === "failed" ? `${r.tests.filter((t) => t.state === "failed").length} of ${r.tests.length} checks failed` : r.status}`,
        );
  const lines = [`${head} ${dim(`(${(r.durationMs / 1000).toFixed(1)} s)`)}`];
  if (r.problem) lines.push(indent(r.problem, 2));
  for (const t of r.tests) {
    lines.push(`  ${t.state === "passed" ? green("✓") : t.state === "failed" ? red("✗") : dim("-")} ${t.name}`);
    if (t.message) lines.push(indent(t.message, 6));
  }
  return lines.join("\n");
}

export function indent(text: string, n: number): string {
  return text
    .split("\n")
    .map((l) => " ".repeat(n) + l)
    .join("\n");
}
