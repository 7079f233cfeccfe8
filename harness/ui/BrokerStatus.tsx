import { Text } from "ink";
import type { BrokerStatus as Status } from "./state.js";

export function BrokerStatus({ status, now }: { readonly status: Status; readonly now: number }) {
  switch (status.state) {
    case "starting": {
      const spin = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"[Math.floor(now / 120) % 10];
      return (
        <Text color="yellow">
          {spin} Kafka: {status.message} ({((now - status.sinceMs) / 1000).toFixed(0)} s)
        </Text>
      );
    }
    case "ready":
      return (
        <Text color="green">
          ● Kafka: {status.description} — ready in {(status.startMs / 1000).toFixed(1)} s
        </Text>
      );
    case "failed":
      return <Text color="red">✗ Kafka: {status.error}</Text>;
  }
}
