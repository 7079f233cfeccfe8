import { keysLine, titleLine } from "./chrome.js";
import type { View } from "./Frame.js";
import { blank, seg, type Line } from "./text.js";

const SECTIONS: readonly (readonly [string, readonly (readonly [string, string])[]])[] = [
  [
    "Everywhere",
    [
      ["?", "this help (again to close)"],
      ["i", "broker inspector: topics, records, groups, lag"],
      ["esc", "back"],
      ["q", "back; quits on the map"],
      ["Ctrl-C", "quit"],
    ],
  ],
  [
    "Scrolling (every screen)",
    [
      ["j/k ↑/↓", "one row"],
      ["space/b PgDn/PgUp", "one page"],
      ["g/G Home/End", "top/end"],
    ],
  ],
  [
    "Course map",
    [
      ["↑/↓ j/k", "choose a lesson or exercise"],
      ["enter", "open it"],
    ],
  ],
  ["Lesson", [["e", "its first exercise"]]],
  [
    "Exercise",
    [
      ["c", "check now (saving the file checks too)"],
      ["w", "watch on/off"],
      ["tab/shift-tab ]/[", "next/previous check, opened in full"],
      ["enter", "open/close the selected check"],
      ["n", "after a pass: the next exercise"],
      ["h", "next hint"],
      ["s", "reference solution (after a pass, or two attempts)"],
      ["r", "reset to the starting stub (your file is backed up)"],
      ["i", "after a failed check: the topics and groups it created"],
    ],
  ],
  [
    "Inspector",
    [
      ["1-4 tab", "topics · records · groups · cluster"],
      ["↑/↓", "choose a topic or group"],
      ["enter", "a topic's records"],
      ["←/→", "previous/next partition"],
      ["n/p", "next/previous page of records"],
      ["a", "a check's topics only / everything"],
      ["r", "read again"],
    ],
  ],
  [
    "From a shell",
    [
      ["npm run course -- list", "exercises and their ids"],
      ["npm run course -- check <id>", "check one exercise"],
      ["npm run course -- skill check", "check your skill"],
    ],
  ],
];

export function helpView(): View {
  const body: Line[] = SECTIONS.flatMap(([title, keys]) => [
    [seg(title, { bold: true, color: "cyanBright" })],
    ...keys.map(([k, what]): Line => [seg(`  ${k.padEnd(30)}`, { color: "cyan" }), seg(what)]),
    blank,
  ]);
  return { title: titleLine("keys"), summary: [], body, keys: keysLine([["?/esc", "close"]]) };
}
