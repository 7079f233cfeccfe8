import { defaultProviders, startBroker } from "../broker/chain.js";
import { runShareDemo } from "./demo.js";

// `npm run share-demo`: lesson 14's share group on the course broker, with Kafka's own console share consumer.
const broker = await startBroker(defaultProviders(), (m) => console.log(`[broker] ${m}`));
console.log(`[broker] ${broker.description}`);
try {
  await runShareDemo(broker.connection, (line) => console.log(line));
} catch (e) {
  console.error(`share demo failed: ${(e as Error).message}`);
  process.exitCode = 1;
} finally {
  await broker.stop();
}
