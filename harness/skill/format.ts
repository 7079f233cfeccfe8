import type { SkillSource } from "./read-skill.js";
import type { Finding } from "./types.js";

/**
 * The Agent Skills specification (agentskills.io/specification) as checks: name and description
 * required and bounded, optional fields typed, no unknown keys, a body, and a length warning.
 */
/** As the reference validator (skills-ref) reads it: Unicode letters and digits, NFKC-normalised. */
const NAME_CHARS = /^[\p{L}\p{N}-]+$/u;
const KNOWN = new Set(["name", "description", "license", "compatibility", "metadata", "allowed-tools"]);
const SEE = "lesson 0, section “The Agent Skills format”";
export const MAX_BODY_LINES = 500;
/** "Use when…", "Use this skill for…", "WHEN: …", "when the user asks…", "triggers on…". */
const WHEN =
  /\b(?:use (?:it |this |this skill |the skill )?(?:when|for|if|whenever|while)|(?:apply|load|invoke|relevant)\b[^.]{0,20}\b(?:when|for|whenever)|when(?::| you| the user| a user| someone| designing| building| working| asked| writing| reviewing| debugging)|whenever|triggers?)\b/i;

function fieldLine(text: string, key: string): number | undefined {
  const i = text.split("\n").findIndex((l) => l.startsWith(`${key}:`));
  return i >= 0 ? i + 1 : undefined;
}

export function checkFormat(src: SkillSource): Finding[] {
  const out: Finding[] = [];
  const add = (code: string, severity: Finding["severity"], message: string, fix: string, key?: string) =>
    out.push({
      code,
      severity,
      message,
      fix,
      ...(key && fieldLine(src.text, key) ? { line: fieldLine(src.text, key) } : {}),
    });
  const { name, description } = src.data;
  const folder = src.folder;

  if (name === undefined || name === null || name === "") {
    add("NAME_MISSING", "error", "the frontmatter has no name", `Add name: ${folder} (${SEE}).`);
  } else if (typeof name !== "string") {
    add(
      "NAME_NOT_STRING",
      "error",
      `name must be a string, got ${typeof name}`,
      "Write the name as plain text, e.g. name: kafka-events.",
      "name",
    );
  } else {
    const n = name.trim().normalize("NFKC");
    if (n.length > 64)
      add("NAME_TOO_LONG", "error", `name is ${n.length} characters; at most 64`, "Shorten the name.", "name");
    if (!NAME_CHARS.test(n) || n !== n.toLowerCase() || n.startsWith("-") || n.endsWith("-") || n.includes("--")) {
      add(
        "NAME_INVALID",
        "error",
        `name "${name}" must use lowercase letters, digits and single hyphens, not starting or ending with a hyphen`,
        "Use a name like kafka-events.",
        "name",
      );
    }
    if (n !== folder.normalize("NFKC")) {
      add(
        "NAME_MISMATCH_FOLDER",
        "error",
        `name "${name}" must equal the skill's folder name "${folder}"`,
        `Rename the folder to ${name}/ or set name: ${folder}.`,
        "name",
      );
    }
  }

  if (description === undefined || description === null || (typeof description === "string" && !description.trim())) {
    add(
      "DESCRIPTION_MISSING",
      "error",
      "the frontmatter has no description",
      "Add a description saying what the skill does and when to use it: description: Designs Kafka event flows… Use when…",
    );
  } else if (typeof description !== "string") {
    add("DESCRIPTION_NOT_STRING", "error", "description must be text", "Quote the description.", "description");
  } else {
    if (description.length > 1024) {
      add(
        "DESCRIPTION_TOO_LONG",
        "error",
        `description is ${description.length} characters; at most 1024`,
        "Shorten the description; details go in the body.",
        "description",
      );
    }
    if (!WHEN.test(description)) {
      add(
        "DESCRIPTION_NO_WHEN",
        "error",
        "the description does not say when to use the skill",
        'Add a sentence such as "Use when designing, reviewing or debugging Kafka producers, consumers or topics."',
        "description",
      );
    }
    if (/[<>]/.test(description)) {
      add(
        "DESCRIPTION_ANGLE_BRACKETS",
        "warning",
        "the description contains < or >, which some skill loaders reject",
        "Remove angle brackets from the description.",
        "description",
      );
    }
  }

  const { license, compatibility, metadata } = src.data;
  if (license !== undefined && typeof license !== "string") {
    add("LICENSE_INVALID", "error", "license must be a string", "e.g. license: MIT", "license");
  }
  if (
    compatibility !== undefined &&
    (typeof compatibility !== "string" || compatibility.length < 1 || compatibility.length > 500)
  ) {
    add(
      "COMPATIBILITY_INVALID",
      "error",
      "compatibility must be a string of 1 to 500 characters",
      'e.g. compatibility: "Kafka 4.x, kafkajs 2.2"',
      "compatibility",
    );
  }
  if (
    metadata !== undefined &&
    (typeof metadata !== "object" ||
      metadata === null ||
      Array.isArray(metadata) ||
      Object.values(metadata).some((v) => typeof v !== "string"))
  ) {
    add(
      "METADATA_INVALID",
      "error",
      "metadata must map keys to string values",
      'Quote values: metadata: { version: "1.0" }',
      "metadata",
    );
  }
  if (src.data["allowed-tools"] !== undefined && typeof src.data["allowed-tools"] !== "string") {
    add(
      "ALLOWED_TOOLS_INVALID",
      "error",
      "allowed-tools must be a space-separated string",
      "e.g. allowed-tools: Read Grep",
      "allowed-tools",
    );
  }
  for (const key of Object.keys(src.data).filter((k) => !KNOWN.has(k))) {
    add(
      "FIELD_UNKNOWN",
      "error",
      `unknown frontmatter field "${key}": the Agent Skills specification (and its reference validator) allows only ${[...KNOWN].join(", ")}`,
      "Move it under metadata: or remove it.",
      key,
    );
  }

  const bodyLines = src.body.trimEnd().split("\n").length;
  if (!src.body.trim()) {
    add(
      "BODY_MISSING",
      "error",
      "SKILL.md has no body after the frontmatter",
      "Write the instructions below the closing ---.",
    );
  } else if (bodyLines > MAX_BODY_LINES) {
    out.push({
      code: "BODY_TOO_LONG",
      severity: "warning",
      message: `the body has ${bodyLines} lines; the specification advises under ${MAX_BODY_LINES}`,
      fix: "Move reference material into references/*.md and link it from SKILL.md.",
      line: src.bodyLine + MAX_BODY_LINES,
    });
  }
  return out;
}
