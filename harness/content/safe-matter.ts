import matter from "gray-matter";
import { parse as parseYaml } from "yaml";

/**
 * gray-matter with YAML parsed by the `yaml` package (no custom tags, no code) and every other
 * front-matter language refused: gray-matter would otherwise `eval` a `---js` block.
 */
const refuse = (lang: string) => () => {
  throw new Error(`front matter in "${lang}" is not allowed; use YAML (---)`);
};

const engines = {
  yaml: {
    parse: (s: string) => (parseYaml(s, { prettyErrors: true, uniqueKeys: true, logLevel: "error" }) ?? {}) as object,
  },
  js: { parse: refuse("js") },
  javascript: { parse: refuse("javascript") },
  coffee: { parse: refuse("coffee") },
  coffeescript: { parse: refuse("coffeescript") },
  json: { parse: refuse("json") },
  toml: { parse: refuse("toml") },
};

export interface Parsed {
  readonly data: Record<string, unknown>;
  readonly content: string;
  readonly hasFrontmatter: boolean;
}

export function parseFrontmatter(text: string): Parsed {
  const lang = /^---([^\s-][^\n]*)?\n/.exec(text)?.[1]?.trim();
  if (lang && lang !== "yaml" && lang !== "yml") {
    throw new Error(`front matter in "${lang}" is not allowed; use YAML (---)`);
  }
  // No cache: gray-matter caches by content and would hand back a shared, mutable object.
  const f = matter(text, { engines, language: "yaml" } as unknown as Parameters<typeof matter>[1]);
  return {
    data: (f.data ?? {}) as Record<string, unknown>,
    content: f.content,
    hasFrontmatter: /^---\s*\n/.test(text) || /^---yaml\s*\n/.test(text),
  };
}
