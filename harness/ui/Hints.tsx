import { Box, Text } from "ink";

export function Hints({ hints, shown }: { readonly hints: readonly string[]; readonly shown: number }) {
  if (shown === 0) return <Text dimColor>h: reveal a hint ({hints.length} available)</Text>;
  return (
    <Box flexDirection="column">
      {hints.slice(0, shown).map((h, i) => (
        <Text key={i} wrap="wrap">
          <Text color="cyan" bold>
            Hint {i + 1}/{hints.length}:
          </Text>{" "}
          {h}
        </Text>
      ))}
      {shown < hints.length ? <Text dimColor>h: next hint</Text> : <Text dimColor>That was the last hint.</Text>}
    </Box>
  );
}
