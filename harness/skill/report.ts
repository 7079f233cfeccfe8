import type { SkillReport } from "./types.js";

/** The report as terminal text: findings first, then each lesson's items, found or what to add. */
export function formatSkillReport(report: SkillReport): string {
  const out: string[] = [];
  const scope = report.lesson === undefined ? "every lesson" : `lessons 0–${report.lesson}`;
  out.push(`Skill check: ${report.path} (${scope})`);
  if (report.findings.length > 0) {
    out.push("", "Format");
    for (const f of report.findings) {
      out.push(`  ${f.severity === "error" ? "✗" : "!"} ${f.code}${f.line ? ` (line ${f.line})` : ""}: ${f.message}`);
      out.push(`      fix: ${f.fix}`);
    }
  }
  for (const c of report.coverage) {
    out.push("", `Lesson ${c.lesson}: ${c.found}/${c.total}`);
    for (const r of report.items.filter((i) => i.lesson === c.lesson)) {
      if (r.status === "found") {
        out.push(`  ✓ ${r.title} (line ${r.line}): ${r.text}`);
      } else {
        out.push(`  ✗ ${r.title} [${r.id}]${r.reason ? `: ${r.reason}` : ""}`);
        out.push(`      add: ${r.fix}`);
        out.push(`      e.g. ${r.example}`);
      }
    }
  }
  const missing = report.items.filter((i) => i.status === "missing").length;
  const errors = report.findings.filter((f) => f.severity === "error").length;
  out.push(
    "",
    report.ok
      ? `✓ The skill passes (${report.items.length} items).`
      : `✗ ${missing} item(s) missing, ${errors} format error(s). After editing, run npm run course -- skill check${report.lesson === undefined ? "" : ` --lesson ${report.lesson}`} again.`,
  );
  return out.join("\n");
}
