import { open, stat } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { parseFrontmatter } from "../content/safe-matter.js";

/** Beyond this a SKILL.md is not a skill: the spec advises < 500 lines (~5000 tokens, about 20 KB),
 * the course's complete reference is 17 KB. At 24 KB every adversarial input checks in under a
 * second of CPU (a 5,000-row table took 1.2-1.3 s at 32 KB, most of it in the GFM table parser). */
export const MAX_BYTES = 24 * 1024;

export interface SkillSource {
  /** The SKILL.md read, and the skill's folder (whose name the skill's name must equal). */
  readonly file: string;
  readonly folder: string;
  readonly text: string;
  readonly data: Record<string, unknown>;
  readonly body: string;
  /** File line (1-based) of the body's first line. */
  readonly bodyLine: number;
}

/** An expected problem with the file itself: the report shows it as one error finding. */
export class SkillFileError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly fix: string,
    readonly line?: number,
  ) {
    super(message);
    this.name = "SkillFileError";
  }
}

async function readBounded(path: string): Promise<Buffer> {
  let handle;
  try {
    handle = await open(path, "r");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new SkillFileError(
      "FILE_UNREADABLE",
      code === "ENOENT" ? `no file at ${path}` : `cannot read ${path}: ${(e as Error).message}`,
      "Create the skill at skill/kafka-events/SKILL.md (lesson 0) or pass the path of a SKILL.md.",
    );
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new SkillFileError("FILE_UNREADABLE", `${path} is not a file`, "Pass a SKILL.md file.");
    if (stat.size > MAX_BYTES) {
      throw new SkillFileError(
        "FILE_TOO_LARGE",
        `${path} is ${stat.size} bytes; the checker reads at most ${MAX_BYTES}`,
        "Keep SKILL.md short and move detail into references/ files.",
      );
    }
    const buf = Buffer.alloc(stat.size);
    const { bytesRead } = await handle.read(buf, 0, stat.size, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

function decode(buf: Buffer): string {
  if (buf.includes(0)) {
    throw new SkillFileError(
      "FILE_BINARY",
      "the file contains NUL bytes: it is binary, not Markdown",
      "Save SKILL.md as UTF-8 text.",
    );
  }
  try {
    return new TextDecoder("utf-8", { fatal: true })
      .decode(buf)
      .replace(/^\uFEFF/, "")
      .replace(/\r\n?/g, "\n");
  } catch {
    throw new SkillFileError("FILE_NOT_UTF8", "the file is not valid UTF-8 text", "Save SKILL.md as UTF-8 text.");
  }
}

function yamlLine(message: string): number | undefined {
  const m = /at line (\d+)/.exec(message);
  return m ? Number(m[1]) + 1 : undefined;
}

/** A skill folder (the Agent Skills unit) or its SKILL.md: the file to read. */
async function skillFile(path: string): Promise<string> {
  const isDir = await stat(path).then(
    (s) => s.isDirectory(),
    () => false,
  );
  if (!isDir) return path;
  for (const name of ["SKILL.md", "skill.md"]) {
    const file = join(path, name);
    if (
      await stat(file).then(
        (s) => s.isFile(),
        () => false,
      )
    )
      return file;
  }
  throw new SkillFileError(
    "FILE_UNREADABLE",
    `${path} is a folder without a SKILL.md`,
    `Put the skill in ${join(path, "SKILL.md")}, or pass the path of a SKILL.md.`,
  );
}

/**
 * Reads a skill folder or its SKILL.md without executing anything in it: YAML only,
 * size-bounded, text only.
 */
export async function readSkill(path: string): Promise<SkillSource> {
  const file = await skillFile(path);
  const folder = basename(dirname(file));
  const text = decode(await readBounded(file));
  if (!/^---[^\n]*\n/.test(text)) {
    throw new SkillFileError(
      "FRONTMATTER_MISSING",
      "SKILL.md must start with a YAML frontmatter block between two --- lines",
      "Start the file with ---, then name: and description:, then --- (lesson 0, section “The Agent Skills format”).",
      1,
    );
  }
  if (!/^---[^\n]*\n(?:[\s\S]*?\n)?---[ \t]*(?:\n|$)/.test(text)) {
    throw new SkillFileError(
      "FRONTMATTER_UNCLOSED",
      "the frontmatter starts with --- on line 1 but has no closing --- line",
      "Add a line with only --- after the last frontmatter field (description: …).",
      1,
    );
  }
  let parsed;
  try {
    parsed = parseFrontmatter(text);
  } catch (e) {
    const msg = (e as Error).message;
    throw new SkillFileError(
      /^front matter in /.test(msg) ? "FRONTMATTER_LANGUAGE" : "FRONTMATTER_INVALID",
      /^front matter in /.test(msg) ? msg : `the frontmatter is not valid YAML: ${msg.split("\n")[0]}`,
      /^front matter in /.test(msg)
        ? "Use plain --- YAML frontmatter; code in frontmatter is never run."
        : 'Quote values that contain ": " or start with a special character, e.g. description: "Use when: …".',
      yamlLine(msg),
    );
  }
  if (typeof parsed.data !== "object" || parsed.data === null || Array.isArray(parsed.data)) {
    throw new SkillFileError(
      "FRONTMATTER_INVALID",
      "the frontmatter must be a YAML mapping (key: value lines)",
      "Write name: and description: lines.",
      2,
    );
  }
  const bodyStart = text.length - parsed.content.length;
  const bodyLine = text.slice(0, bodyStart).split("\n").length;
  return { file, folder, text, data: parsed.data, body: parsed.content, bodyLine };
}
