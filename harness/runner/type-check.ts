import { statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import ts from "typescript";

export interface TypeProblem {
  /** Relative to the project root: "exercises/02-topics-partitions/hello-kafka.ts". */
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
  /** The lines around it, numbered, with a caret under the column. */
  readonly frame: string;
}

interface Host {
  readonly service: ts.LanguageService;
  readonly roots: Set<string>;
}

/**
 * The TypeScript compiler over a learner's file before any test runs, so `const n: number = "six"`
 * or `admin.createTopic(` is reported as the compiler says it (with "did you mean…"). One
 * language service per target folder, all sharing one document registry: lib and package
 * typings are parsed once per session, and a check after a save re-checks only what changed.
 */
export class TypeChecker {
  readonly #registry = ts.createDocumentRegistry();
  readonly #hosts = new Map<string, Host>();
  readonly #options: ts.CompilerOptions;
  readonly projectRoot: string;

  // A field, not a parameter property: this file runs on Node's type stripping (ts-imports.ts).
  constructor(projectRoot: string) {
    this.projectRoot = projectRoot;
    const configPath = join(projectRoot, "tsconfig.json");
    const read = ts.readConfigFile(configPath, (p) => ts.sys.readFile(p));
    this.#options = ts.parseJsonConfigFileContent(read.config, ts.sys, projectRoot, undefined, configPath).options;
  }

  /** Problems in `file` and the lesson files it imports, when `@exercise/*` points at `targetRoot`. */
  check(targetRoot: string, file: string): TypeProblem[] {
    const host = this.#host(targetRoot);
    host.roots.add(file);
    const program = host.service.getProgram();
    if (!program) return [];
    const lessonDir = dirname(file);
    return program
      .getSourceFiles()
      .filter((sf) => sf.fileName.startsWith(`${lessonDir}/`) && !sf.fileName.endsWith(".d.ts"))
      .flatMap((sf) => [
        ...host.service.getSyntacticDiagnostics(sf.fileName),
        ...host.service.getSemanticDiagnostics(sf.fileName),
      ])
      .map((d) => this.#problem(d))
      .slice(0, 20);
  }

  #host(targetRoot: string): Host {
    const known = this.#hosts.get(targetRoot);
    if (known) return known;
    const roots = new Set<string>();
    const options: ts.CompilerOptions = { ...this.#options, paths: { "@exercise/*": [join(targetRoot, "*")] } };
    const lsHost: ts.LanguageServiceHost = {
      getScriptFileNames: () => [...roots],
      getScriptVersion: (f) => {
        try {
          return String(statSync(f).mtimeMs);
        } catch {
          return "0";
        }
      },
      getScriptSnapshot: (f) => {
        const text = ts.sys.readFile(f);
        return text === undefined ? undefined : ts.ScriptSnapshot.fromString(text);
      },
      getCurrentDirectory: () => this.projectRoot,
      getCompilationSettings: () => options,
      getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
      fileExists: ts.sys.fileExists,
      readFile: ts.sys.readFile,
      readDirectory: ts.sys.readDirectory,
      directoryExists: ts.sys.directoryExists,
      getDirectories: ts.sys.getDirectories,
    };
    const host = { service: ts.createLanguageService(lsHost, this.#registry), roots };
    this.#hosts.set(targetRoot, host);
    return host;
  }

  #problem(d: ts.Diagnostic): TypeProblem {
    const message = ts.flattenDiagnosticMessageText(d.messageText, "\n");
    if (!d.file || d.start === undefined) return { file: "", line: 0, column: 0, message, frame: "" };
    const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
    return {
      file: relative(this.projectRoot, d.file.fileName),
      line: line + 1,
      column: character + 1,
      message,
      frame: codeFrame(d.file.text, line, character),
    };
  }
}

/** Two lines either side, numbered, long lines cut to fit a narrow terminal. */
export function codeFrame(text: string, line: number, column: number, width = 76): string {
  const lines = text.split("\n");
  const from = Math.max(0, line - 2);
  const to = Math.min(lines.length - 1, line + 2);
  const digits = String(to + 1).length;
  const out: string[] = [];
  for (let i = from; i <= to; i++) {
    const mark = i === line ? ">" : " ";
    const body = (lines[i] ?? "").replace(/\t/g, "  ");
    out.push(
      `${mark} ${String(i + 1).padStart(digits)} | ${body.length > width ? `${body.slice(0, width - 1)}…` : body}`,
    );
    if (i === line) out.push(`  ${" ".repeat(digits)} | ${" ".repeat(Math.min(column, width))}^`);
  }
  return out.join("\n");
}

/** The learner's view of a type-error verdict: file:line, the compiler's words, the code. */
export function formatTypeProblems(problems: readonly TypeProblem[]): string {
  return [
    "TypeScript refused your file, so no check ran. Fix these first:",
    ...problems.map((p) => `${p.file}:${p.line}:${p.column}  ${p.message}\n${p.frame}`),
  ].join("\n");
}
