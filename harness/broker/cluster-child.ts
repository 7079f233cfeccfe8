// Starts a three-node cluster owned by this process, prints its node pids as one JSON line and
// waits: the cluster test SIGKILLs this process and expects every node to exit by itself.
import { nodePid, startCluster } from "./cluster.js";
import { silenceKafkajsNegativeTimeoutWarning } from "./kafkajs-warning.js";

silenceKafkajsNegativeTimeoutWarning();

const state = await startCluster(process.pid);
const pids = await Promise.all(state.nodes.map(nodePid));
process.stdout.write(`${JSON.stringify({ pids, dir: state.dir })}\n`);
setInterval(() => {}, 60_000);
