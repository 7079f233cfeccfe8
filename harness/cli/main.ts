import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { silenceKafkajsNegativeTimeoutWarning } from "../broker/kafkajs-warning.js";
import { NoBrokerError, BrokerStartError } from "../broker/types.js";
import { runSkillCli } from "../skill/index.js";
import {
  UsageError,
  checkCommand,
  doctorCommand,
  hintCommand,
  listCommand,
  resetCommand,
  verifyCommand,
  type Io,
} from "./commands.js";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

const HELP: Record<string, string> = {
  "": `kafka-course — learn Apache Kafka 4.x by doing, checked against a real broker

Usage: npm run course -- <command> [options]      (npm start opens the interactive course)

Commands:
  (none)                    open the interactive course
  list                      lessons and exercises with your progress
  check <exercise>          run an exercise's hidden checks (exit 0 pass, 1 fail, 3 course problem)
  verify [--json] [--out f] check every exercise: yours (default) or --target solutions
  doctor                    what this machine has and which Kafka broker would be used
  hint <exercise>           reveal the next hint
  reset <exercise>          put the starting stub back (your file is backed up first)
  skill check [path]        check your kafka-events skill (--lesson N, --json)

Run npm run course -- <command> --help for a command's options.`,
  list: "npm run course -- list\n  Lessons in order with each exercise: ✓ passed, ✗ tried, · not tried.",
  check:
    "npm run course -- check <exercise> [--solution]\n  Runs the hidden checks on exercises/…; --solution checks the reference solution instead.\n  Exit code 0 when every check passes, 1 when one fails, 3 when the course itself had a problem\n  (not counted as an attempt), 130 when cancelled.",
  verify:
    "npm run course -- verify [--json] [--out FILE] [--target exercises|solutions]\n  Checks every exercise with one broker: your exercises/ by default (nothing is recorded as an attempt).\n  --json gives per-exercise and per-test results (progress lines go to stderr); --out FILE writes\n  the JSON there instead of stdout (or use npm run -s course -- verify --json, without npm's banner).\n  Exit code 0 when all pass.",
  doctor:
    "npm run course -- doctor\n  Reports Node, Java, Maven, a container runtime, KAFKA_BOOTSTRAP_SERVERS, and which broker would be used and why. Starts nothing.",
  hint: "npm run course -- hint <exercise>\n  Shows the hints revealed so far plus the next one.",
  reset:
    "npm run course -- reset <exercise>\n  Restores the exercise file to its starting stub (also when it was deleted); your version is copied to .course/backups/ first.",
  skill:
    "npm run course -- skill check [path] [--lesson N] [--json]\n  Checks skill/kafka-events/SKILL.md (or a skill folder, or path) against the Agent Skills format and every lesson's rubric up to N.",
};

const io: Io = { out: (s) => console.log(s), err: (s) => console.error(s) };

export async function main(argv: readonly string[]): Promise<number> {
  const [command = "", ...rest] = argv;
  if (command === "--help" || command === "-h" || command === "help") return (io.out(HELP[""] ?? ""), 0);
  if (rest.includes("--help") || rest.includes("-h")) {
    io.out(HELP[command] ?? HELP[""] ?? "");
    return 0;
  }
  // The skill checker parses its own options.
  if (command === "skill") return runSkillCli(rest);
  const { values, positionals } = parseArgs({
    args: [...rest],
    allowPositionals: true,
    strict: true,
    options: {
      json: { type: "boolean" },
      solution: { type: "boolean" },
      target: { type: "string" },
      out: { type: "string" },
      lesson: { type: "string" },
    },
  });
  switch (command) {
    case "":
    case "start": {
      const { runApp } = await import("../ui/run-app.js");
      return runApp(ROOT);
    }
    case "list":
      return listCommand(ROOT, io);
    case "check":
      return checkCommand(ROOT, positionals[0], values.solution ?? false, io);
    case "verify": {
      const target = values.target ?? "exercises";
      if (target !== "solutions" && target !== "exercises") throw new UsageError("--target is solutions or exercises");
      if (values.out && !values.json) throw new UsageError("--out goes with --json");
      return verifyCommand(ROOT, { target, json: values.json ?? false, ...(values.out && { out: values.out }) }, io);
    }
    case "doctor":
      return doctorCommand(io);
    case "hint":
      return hintCommand(ROOT, positionals[0], io);
    case "reset":
      return resetCommand(ROOT, positionals[0], io);
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

silenceKafkajsNegativeTimeoutWarning();
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    if (e instanceof UsageError) {
      io.err(`kafka-course: ${e.message}\n\n${HELP[""]}`);
      process.exitCode = 2;
    } else if (e instanceof NoBrokerError || e instanceof BrokerStartError) {
      io.err(e.message);
      if (e instanceof BrokerStartError && e.logTail) io.err(e.logTail);
      process.exitCode = 1;
    } else {
      io.err(`kafka-course: unexpected error (a bug in the course, please report it):\n${(e as Error).stack ?? e}`);
      process.exitCode = 70;
    }
  },
);
