import { bar, lagSamples, lagShape, sparkline, type GroupInfo, type TopicInfo } from "../inspector/index.js";
import { keysLine, titleLine } from "./chrome.js";
import type { View } from "./Frame.js";
import { INSPECTOR_TABS, type InspectorState } from "./inspector-state.js";
import { blank, seg, textLines, truncate, wrap, type Line } from "./text.js";

const TAB_NAMES = { topics: "Topics", records: "Records", groups: "Groups", cluster: "Cluster" } as const;

function tabsLine(s: InspectorState): Line {
  const scope = s.only
    ? s.all
      ? " · everything (a: this check's only)"
      : ` · this check's ${s.only.topics.length} topics, ${s.only.groups.length} groups (a: all)`
    : "";
  return [
    ...INSPECTOR_TABS.flatMap((t, i) => [
      seg(` ${i + 1} ${TAB_NAMES[t]} `, t === s.tab ? { inverse: true, bold: true } : { dimColor: true }),
    ]),
    seg(scope, { dimColor: true }),
    seg(s.loading ? " · reading…" : "", { color: "yellow" }),
  ];
}

/** Records per partition as bars: key skew and hot partitions show at a glance. */
function topicLines(topics: readonly TopicInfo[], cursor: number, width: number): Line[] {
  return topics.flatMap((t, i) => {
    const counts = t.partitions.map((p) => p.high - p.low);
    const max = Math.max(0, ...counts);
    const total = counts.reduce((a, b) => a + b, 0);
    const barWidth = Math.max(8, Math.min(30, width - 44));
    return [
      truncate(
        [
          seg(i === cursor ? "❯ " : "  ", { color: "cyan" }),
          seg(t.name, { bold: true, inverse: i === cursor }),
          seg(`  ${t.partitions.length} partitions · ${total} records`, { dimColor: true }),
        ],
        width,
      ),
      ...t.partitions.map((p, j): Line => [
        seg(`    p${p.partition}`.padEnd(8)),
        seg(bar(counts[j]!, max, barWidth).padEnd(barWidth), { color: "green" }),
        seg(` ${String(counts[j]).padStart(6)}`),
        seg(`  leader ${p.leader}`, p.leader < 0 ? { color: "red" } : { dimColor: true }),
        seg(`  isr ${p.isr.join(",")}`, p.isr.length < p.replicas.length ? { color: "red" } : { dimColor: true }),
        seg(`  ${p.low}–${p.high}`, { dimColor: true }),
      ]),
    ];
  });
}

function recordLines(s: InspectorState, width: number): Line[] {
  const page = s.page;
  if (!s.at) return [[seg("Choose a topic on the Topics tab and press enter.", { dimColor: true })]];
  if (!page) return [[seg("reading…", { color: "yellow" })]];
  const head: Line = [
    seg(`${page.topic} p${page.partition}`, { bold: true }),
    seg(`  offsets ${page.low}–${page.high}`, { dimColor: true }),
    seg(page.records.length ? `  showing ${page.from}–${page.next - 1}` : "  no records here", { dimColor: true }),
  ];
  const rows = page.records.flatMap((r): Line[] => {
    const time = new Date(r.timestamp).toISOString().slice(11, 23);
    const lead = [
      seg(`${String(r.offset).padStart(6)} `, { color: "cyan" }),
      seg(`${time} `, { dimColor: true }),
      seg(`key=${r.key ?? "null"} `, { color: "yellow" }),
    ];
    const value = wrap([...lead, seg(r.value ?? "null")], width - 1, "", "        ").slice(0, 4);
    const headers = Object.entries(r.headers);
    return [
      ...value,
      ...(headers.length
        ? [
            truncate(
              [seg(`        headers ${headers.map(([k, v]) => `${k}=${v}`).join(" ")}`, { dimColor: true })],
              width,
            ),
          ]
        : []),
    ];
  });
  return [head, blank, ...rows];
}

/** Lag per partition over time as a sparkline, with lesson 13's name for its shape. */
function groupLines(s: InspectorState, groups: readonly GroupInfo[], width: number): Line[] {
  return groups.flatMap((g, i) => {
    const total = g.lags.reduce((a, l) => a + l.lag, 0);
    return [
      truncate(
        [
          seg(i === s.cursor ? "❯ " : "  ", { color: "cyan" }),
          seg(g.groupId, { bold: true, inverse: i === s.cursor }),
          seg(`  ${g.state} · ${g.members.length} members · lag ${total}`, { dimColor: true }),
        ],
        width,
      ),
      ...g.members.map((m) =>
        truncate(
          [
            seg(`    member ${m.clientId} ${m.host} `, { dimColor: true }),
            seg(
              Object.entries(m.assignment)
                .map(([t, ps]) => `${t}[${ps.join(",")}]`)
                .join(" ") || "no partitions",
            ),
          ],
          width,
        ),
      ),
      ...g.lags.map((l): Line => {
        const samples = lagSamples(s.lag, g.groupId, l.topic, l.partition);
        const shape = lagShape(samples, Math.max(5, Math.ceil(Math.max(...samples.map((x) => x.lag)) * 0.2)));
        return truncate(
          [
            seg(`    ${l.topic} p${l.partition} `),
            seg(`committed ${l.committed < 0 ? "none" : l.committed} of ${l.high} `, { dimColor: true }),
            seg(`lag ${l.lag} `, l.lag > 0 ? { color: "yellow" } : { color: "green" }),
            seg(sparkline(samples.slice(-20).map((x) => x.lag)), { color: "cyan" }),
            seg(shape ? ` ${shape}` : "", { color: shape === "stuck" || shape === "growing" ? "red" : "green" }),
          ],
          width,
        );
      }),
    ];
  });
}

function clusterLines(s: InspectorState, width: number): Line[] {
  if (s.cluster === undefined) return [[seg("reading…", { color: "yellow" })]];
  if (s.cluster === null)
    return textLines(
      "The three-broker cluster is not running. The checks of lessons 3 and 12 start it; while it runs this shows its brokers and, per partition, which replicas are in sync.",
      width - 1,
      { dimColor: true },
    );
  const { brokers, topics } = s.cluster;
  return [
    [seg(`brokers ${brokers.map((b) => `${b.nodeId}@${b.host}:${b.port}`).join("  ")}`, { bold: true })],
    blank,
    ...topics.flatMap((t) => [
      [seg(t.name, { bold: true })],
      ...t.partitions.map((p): Line => {
        const dots = p.replicas.map((r) =>
          seg(p.isr.includes(r) ? "●" : "○", { color: p.isr.includes(r) ? "green" : "red" }),
        );
        const under = p.isr.length < p.replicas.length;
        return [
          seg(`    p${p.partition}`.padEnd(8)),
          ...dots,
          seg(`  isr ${p.isr.join(",")} of ${p.replicas.join(",")}  leader ${p.leader}`, { dimColor: true }),
          seg(under ? "  under-replicated" : "", { color: "red" }),
        ];
      }),
    ]),
  ];
}

export function inspectorView(s: InspectorState, width: number, brokerDescription: string): View {
  const topics = s.topics ?? [];
  const groups = s.groups ?? [];
  const body: Line[] = s.error
    ? textLines(`Could not read the broker: ${s.error}`, width - 1, { color: "red" })
    : s.tab === "topics"
      ? topics.length
        ? topicLines(topics, s.cursor, width - 1)
        : [[seg(s.loading ? "reading…" : "No topics yet.", { dimColor: true })]]
      : s.tab === "records"
        ? recordLines(s, width - 1)
        : s.tab === "groups"
          ? groups.length
            ? groupLines(s, groups, width - 1)
            : [[seg(s.loading ? "reading…" : "No consumer groups yet.", { dimColor: true })]]
          : clusterLines(s, width - 1);
  return {
    title: titleLine(`broker inspector · ${brokerDescription}`),
    summary: [tabsLine(s)],
    body,
    keys: keysLine([
      ["1-4/tab", "view"],
      ["↑/↓", "choose"],
      ["enter", "records"],
      ["←/→", "partition"],
      ["n/p", "page"],
      ["a", "all"],
      ["r", "reread"],
      ["esc", "back"],
    ]),
  };
}

/** Body rows where each topic (topics tab) or group (groups tab) starts, to keep the cursor in view. */
export function inspectorItemRows(view: View): number[] {
  return view.body.flatMap((l, i) => (l[0]?.text === "❯ " || l[0]?.text === "  " ? [i] : []));
}
