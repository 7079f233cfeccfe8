// Starts a JVM broker and idles: lifecycle tests kill this process to prove nothing is left behind.
import { startJvmBroker } from "../broker/jvm-provider.js";

const broker = await startJvmBroker(() => {});
process.stdout.write(`${JSON.stringify({ pid: broker.pid, dataDir: broker.dataDir })}\n`);
setInterval(() => {}, 60_000);
