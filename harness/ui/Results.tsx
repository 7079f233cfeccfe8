import { Box, Text } from "ink";
import type { RunState } from "./state.js";

/** The hidden checks' verdict: each test with its learner-facing message. */
export function Results({ run }: { readonly run: RunState | undefined }) {
  if (!run) return <Text dimColor>Not checked yet. Press c to check, or just save the file.</Text>;
  const tests = run.state === "running" ? run.tests : run.result.tests;
  return (
    <Box flexDirection="column">
      {run.state === "running" ? (
        <Text color="yellow">⟳ checking against the broker…</Text>
      ) : run.result.status === "passed" ? (
        <Text color="green" bold>
          ✓ All {run.result.tests.length} checks passed ({(run.result.durationMs / 1000).toFixed(1)} s)
        </Text>
      ) : (
        <Text color="red" bold>
          ✗{" "}
          {verdict(
            run.result.status,
            run.result.tests.filter((t) => t.state === "failed").length,
            run.result.tests.length,
          )}{" "}
          ({(run.result.durationMs / 1000).toFixed(1)} s)
        </Text>
      )}
      {run.state === "done" && run.result.problem ? <Text color="red">{run.result.problem}</Text> : null}
      {tests.map((t, i) => (
        <Box key={i} flexDirection="column">
          <Text>
            {t.state === "passed" ? (
              <Text color="green">✓</Text>
            ) : t.state === "failed" ? (
              <Text color="red">✗</Text>
            ) : (
              <Text dimColor>-</Text>
            )}{" "}
            {t.name}
          </Text>
          {t.message ? (
            <Box marginLeft={4}>
              <Text wrap="wrap">{t.message}</Text>
            </Box>
          ) : null}
        </Box>
      ))}
    </Box>
  );
}

function verdict(status: string, failed: number, total: number): string {
  switch (status) {
    case "failed":
      return `${failed} of ${total} checks failed`;
    case "load-error":
      return "Your file could not be loaded";
    case "timed-out":
      return "The check was stopped";
    default:
      return "The check crashed";
  }
}
