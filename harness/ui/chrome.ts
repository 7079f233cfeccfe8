import type { BrokerStatus } from "./state.js";
import { seg, type Line } from "./text.js";

/** The first row of every screen: the course's name and where the learner is. */
export function titleLine(where: string): Line {
  return [
    seg("Kafka for AI Services", { bold: true, color: "magentaBright" }),
    seg(where ? ` · ${where}` : "", { bold: true }),
  ];
}

/** A keys row: each key bright, its meaning dim. */
export function keysLine(pairs: readonly (readonly [string, string])[]): Line {
  return pairs.flatMap(([k, what], i) => [
    seg(i ? " · " : "", { dimColor: true }),
    seg(k, { color: "cyan" }),
    seg(` ${what}`, { dimColor: true }),
  ]);
}

/** The last row of every screen. */
export function brokerLine(status: BrokerStatus, now: number): Line {
  switch (status.state) {
    case "starting": {
      const spin = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"[Math.floor(now / 120) % 10] ?? "";
      const s = ((now - status.sinceMs) / 1000).toFixed(0);
      return [seg(`${spin} Kafka: ${status.message} (${s} s)`, { color: "yellow" })];
    }
    case "ready":
      return [
        seg(`● Kafka: ${status.description} — ready in ${(status.startMs / 1000).toFixed(1)} s`, { color: "green" }),
      ];
    case "failed":
      return [seg(`✗ Kafka: ${status.error}`, { color: "red" })];
  }
}
