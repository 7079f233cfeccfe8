import type { Lesson } from "../content/model.js";
import { keysLine, titleLine } from "./chrome.js";
import type { View } from "./Frame.js";
import { markdownLines } from "./markdown.js";

/** A lesson as one scrollable page. */
export function readerView(lesson: Lesson, width: number): View {
  return {
    title: titleLine(`lesson ${lesson.order}: ${lesson.title}`),
    summary: [],
    body: markdownLines(lesson.body, width - 1),
    keys: keysLine([
      ["j/k", "scroll"],
      ["space/b", "page"],
      ["g/G", "top/end"],
      ...(lesson.exercises.length ? [["e", "exercise"] as const] : []),
      ["?", "keys"],
      ["esc", "back"],
    ]),
  };
}
