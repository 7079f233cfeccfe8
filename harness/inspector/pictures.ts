/** Small text pictures for a terminal: where a learner would rather look than read. */
const BLOCKS = "▁▂▃▄▅▆▇█";

/** One character per value, scaled between 0 and the largest value (a flat zero line stays low). */
export function sparkline(values: readonly number[]): string {
  const max = Math.max(0, ...values);
  return values
    .map((v) => (max === 0 ? BLOCKS[0] : BLOCKS[Math.min(7, Math.round((Math.max(0, v) / max) * 7))]))
    .join("");
}

/** A horizontal bar of `width` cells for value/max, with eighths for the last cell. */
export function bar(value: number, max: number, width: number): string {
  if (max <= 0 || value <= 0) return "";
  const eighths = Math.max(1, Math.round((Math.min(value, max) / max) * width * 8));
  const partial = eighths % 8;
  return "█".repeat(Math.floor(eighths / 8)) + (partial ? "▏▎▍▌▋▊▉"[partial - 1] : "");
}
