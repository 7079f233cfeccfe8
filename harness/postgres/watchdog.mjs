// Stops a course PostgreSQL server when the course session that owns it is gone, even when that
// process was killed with SIGKILL and could not clean up. Usage: watchdog.mjs <ownerPid> <pgPid> <dataRoot>
import { rmSync } from "node:fs";

const [owner, pg, dataRoot] = [Number(process.argv[2]), Number(process.argv[3]), process.argv[4]];
const alive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === "EPERM";
  }
};
const signal = (pid, sig) => {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
};

const timer = setInterval(() => {
  if (!alive(pg)) return finish();
  if (alive(owner)) return;
  // Fast shutdown (SIGINT): the server ends its connections and exits; kill its group if it lingers.
  signal(pg, "SIGINT");
  setTimeout(() => signal(-pg, "SIGKILL"), 5_000);
  finish();
}, 500);

function finish() {
  clearInterval(timer);
  const wait = setInterval(() => {
    if (alive(pg)) return;
    clearInterval(wait);
    if (dataRoot) rmSync(dataRoot, { recursive: true, force: true });
    process.exit(0);
  }, 100);
}
