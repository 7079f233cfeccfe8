import { spawnSync } from "node:child_process";
import { cp, mkdtemp, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";

/** The app in a real terminal: tmux at a given size, driven by keys, read by capture-pane. */
export interface Terminal {
  keys(...keys: string[]): void;
  screen(): string;
  waitFor(pattern: RegExp, ms: number): Promise<string>;
  close(): void;
}

export function openTerminal(socket: string, columns: number, rows: number, command: string): Terminal {
  const tmux = (...args: string[]) => spawnSync("tmux", ["-L", socket, ...args], { encoding: "utf8" });
  tmux("kill-server");
  tmux("new-session", "-d", "-s", "e2e", "-x", String(columns), "-y", String(rows), command);
  const screen = () => tmux("capture-pane", "-t", "e2e", "-p").stdout;
  return {
    keys: (...keys) => void tmux("send-keys", "-t", "e2e", ...keys),
    screen,
    async waitFor(pattern, ms) {
      const t0 = Date.now();
      while (Date.now() - t0 < ms) {
        const s = screen();
        if (pattern.test(s)) return s;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`screen never showed ${pattern}:\n${screen()}`);
    },
    close: () => void tmux("kill-server"),
  };
}

/** A copy of the course (node_modules linked), so the test never touches the learner's files. */
export async function copyOfCourse(root: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "course-e2e-tree-"));
  const skip = /^(node_modules|\.git|\.course)(\/|$)/;
  // Files other processes are writing right now (a Maven resolve, a class archive, its lock) may
  // be renamed away mid-copy (seen in CI: ENOENT under strimzi-api-1.2.0/libs.partial-18971).
  const inProgress = /\.partial|\.writer$/;
  await cp(root, dir, {
    recursive: true,
    filter: (src) => !skip.test(relative(root, src)) && !inProgress.test(src.slice(root.length)),
  });
  await symlink(join(root, "node_modules"), join(dir, "node_modules"));
  return dir;
}

/**
 * Rows that start with a check mark (after the cursor) must name a real check, cut or whole: a row
 * mixing two frames would start with one check and end with another's words.
 */
export function mixedCheckRows(screen: string, names: readonly string[]): string[] {
  return screen
    .split("\n")
    .map((r) => r.trimEnd())
    .filter((r) => /^(?:❯ | {2})?[✓✗] /.test(r) && !/^[✓✗] (All \d+ checks passed|.* checks? failed|Your file)/.test(r))
    .filter((r) => {
      const name = r.replace(/^(?:❯ | {2})?[✓✗] /, "").replace(/…$/, "");
      return !names.some((n) => n === name || (r.endsWith("…") && n.startsWith(name)));
    });
}
