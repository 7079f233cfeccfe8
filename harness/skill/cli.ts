import { resolve } from "node:path";
import { checkSkill, COURSE_ROOT, DEFAULT_SKILL_PATH } from "./check.js";
import { formatSkillReport } from "./report.js";

const USAGE = "usage: npm run course -- skill check [skill folder | SKILL.md] [--lesson N] [--json]";

export interface CliIo {
  readonly out: (s: string) => void;
  readonly err: (s: string) => void;
}

const stdio: CliIo = {
  out: (s) => process.stdout.write(`${s}\n`),
  err: (s) => process.stderr.write(`${s}\n`),
};

/**
 * `skill check [path] [--lesson N] [--json]`: returns the exit code (0 passes, 1 fails,
 * 2 usage) and leaves `process.exit` to the CLI entry. argv starts after the program name:
 * ["check", …] or ["skill", "check", …].
 */
export async function runSkillCli(argv: readonly string[], io: CliIo = stdio): Promise<number> {
  const args = argv[0] === "skill" ? argv.slice(1) : [...argv];
  if (args[0] !== "check") {
    io.err(USAGE);
    return 2;
  }
  let path: string | undefined;
  let lesson: number | undefined;
  let json = false;
  for (let i = 1; i < args.length; i++) {
    const a = args[i] ?? "";
    if (a === "--json") json = true;
    else if (a === "--lesson" || a.startsWith("--lesson=")) {
      const v = a.includes("=") ? a.slice(a.indexOf("=") + 1) : args[++i];
      if (!v || !/^\d{1,2}$/.test(v)) {
        io.err(`--lesson needs a lesson number (0-99)\n${USAGE}`);
        return 2;
      }
      lesson = Number(v);
    } else if (a.startsWith("-") || path !== undefined) {
      io.err(`unexpected argument "${a}"\n${USAGE}`);
      return 2;
    } else path = a;
  }
  const target = resolve(path ?? resolve(COURSE_ROOT, DEFAULT_SKILL_PATH));
  const report = await checkSkill(target, lesson === undefined ? {} : { lesson });
  io.out(json ? JSON.stringify(report, null, 2) : formatSkillReport(report));
  return report.ok ? 0 : 1;
}
