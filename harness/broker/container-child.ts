// Starts a container broker, prints its container id, and exits without stopping it: the
// lifecycle test proves the provider's exit hook removes the container anyway. With `stopping`,
// it exits while stop() is under way, as a test runner does when its teardown runs out of time.
import { startContainerBroker } from "./container-provider.js";

const broker = await startContainerBroker(() => {});
process.stdout.write(`${JSON.stringify({ containerId: broker.containerId })}\n`);
if (process.argv[2] === "stopping") void broker.stop();
process.exit(0);
