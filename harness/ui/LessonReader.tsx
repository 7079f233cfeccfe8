import { Box, Text } from "ink";
import { useMemo } from "react";
import type { Lesson } from "../content/model.js";
import { markdownLines } from "./markdown.js";

export interface LessonReaderProps {
  readonly lesson: Lesson;
  readonly scroll: number;
  readonly width: number;
  readonly height: number;
}

export function lessonLineCount(lesson: Lesson, width: number): number {
  return markdownLines(lesson.body, width).length;
}

export function LessonReader({ lesson, scroll, width, height }: LessonReaderProps) {
  const lines = useMemo(() => markdownLines(lesson.body, width), [lesson.body, width]);
  const visible = lines.slice(scroll, scroll + height);
  const pct = lines.length <= height ? 100 : Math.round(((scroll + height) / lines.length) * 100);
  return (
    <Box flexDirection="column" width={width}>
      <Box flexDirection="column" height={height} overflow="hidden">
        {visible}
      </Box>
      <Text dimColor>
        {`lesson ${lesson.order} · ${Math.min(100, pct)}%  ↑/↓ j/k scroll · space/b page · e exercises · esc back`}
      </Text>
    </Box>
  );
}
