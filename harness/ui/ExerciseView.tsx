import { Box, Text } from "ink";
import { relative } from "node:path";
import type { Exercise } from "../content/model.js";
import { Hints } from "./Hints.js";
import { highlight } from "./markdown.js";
import { Results } from "./Results.js";
import type { Confirm, RunState } from "./state.js";

export interface ExerciseViewProps {
  readonly root: string;
  readonly exercise: Exercise;
  readonly run: RunState | undefined;
  readonly hintsShown: number;
  readonly watching: boolean;
  readonly solution: string | undefined;
  readonly confirm: Confirm | undefined;
  readonly notice: string | undefined;
}

export function ExerciseView(p: ExerciseViewProps) {
  const e = p.exercise;
  return (
    <Box flexDirection="column">
      <Text bold color="cyanBright">
        {e.title} <Text dimColor>({e.id})</Text>
      </Text>
      <Text>
        Edit <Text color="yellow">{relative(p.root, e.stubPath)}</Text> — taught in lesson {e.lessonOrder}, “{e.section}
        ”
      </Text>
      <Text dimColor>
        {p.watching ? "watching: every save re-runs the check" : "watch off"} · c check · w watch · h hint · r reset · s
        solution · esc back
      </Text>
      <Box marginTop={1} flexDirection="column">
        <Results run={p.run} />
      </Box>
      <Box marginTop={1}>
        <Hints hints={e.hints} shown={p.hintsShown} />
      </Box>
      {p.confirm ? (
        <Text color="yellow" bold>
          {p.confirm.action === "reset"
            ? "Reset this exercise to its starting stub? Your file is backed up first. (y/n)"
            : "Show the reference solution before passing? Trying once more teaches more. (y/n)"}
        </Text>
      ) : null}
      {p.notice ? <Text color="magenta">{p.notice}</Text> : null}
      {p.solution !== undefined ? (
        <Box flexDirection="column" marginTop={1}>
          <Text bold>Reference solution ({relative(p.root, e.solutionPath)}):</Text>
          {p.solution.split("\n").map((l, i) => (
            <Text key={i}>{highlight(l)}</Text>
          ))}
        </Box>
      ) : null}
    </Box>
  );
}
