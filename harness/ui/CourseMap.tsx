import { Box, Text } from "ink";
import type { Progress } from "../progress/store.js";
import type { SkillReport } from "../skill/index.js";
import type { Row } from "./state.js";

export interface CourseMapProps {
  readonly rows: readonly Row[];
  readonly cursor: number;
  readonly progress: Progress;
  readonly nextId: string | undefined;
  readonly skill: SkillReport | undefined;
  readonly height: number;
}

export function CourseMap({ rows, cursor, progress, nextId, skill, height }: CourseMapProps) {
  const start = Math.max(0, Math.min(cursor - Math.floor(height / 2), rows.length - height));
  const visible = rows.slice(start, start + height);
  return (
    <Box flexDirection="column">
      {visible.map((row, i) => {
        const selected = start + i === cursor;
        const pointer = selected ? "❯ " : "  ";
        if (row.kind === "lesson") {
          const cov = skill?.coverage.find((c) => c.lesson === row.lesson.order);
          return (
            <Text key={`l-${row.lesson.id}`} bold inverse={selected}>
              {pointer}
              {String(row.lesson.order).padStart(2, "0")} {row.lesson.title}
              {cov && cov.total > 0 ? (
                <Text color={cov.found === cov.total ? "green" : "yellow"}>{`  skill ${cov.found}/${cov.total}`}</Text>
              ) : null}
            </Text>
          );
        }
        const p = progress.exercises[row.exercise.id];
        const mark = p?.passed ? (
          <Text color="green">✓</Text>
        ) : p?.attempts ? (
          <Text color="red">✗</Text>
        ) : (
          <Text dimColor>·</Text>
        );
        return (
          <Text key={`e-${row.exercise.id}`} inverse={selected}>
            {pointer}
            {"    "}
            {mark} {row.exercise.title}
            {row.exercise.id === nextId ? <Text color="cyan"> ← next</Text> : null}
          </Text>
        );
      })}
    </Box>
  );
}
