// Starts a container broker, prints its container id, and exits without stopping it: the
// lifecycle test proves the provider's exit hook removes the container anyway.
import { startContainerBroker } from "./container-provider.js";

const broker = await startContainerBroker(() => {});
process.stdout.write(`${JSON.stringify({ containerId: broker.containerId })}\n`);
process.exit(0);
