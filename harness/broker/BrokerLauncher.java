// Runs kafka.Kafka and exits when the process that started it is gone, so a harness
// killed with SIGKILL never leaves a broker JVM behind.
public final class BrokerLauncher {
    public static void main(String[] args) throws Exception {
        final long ownerPid = Long.parseLong(System.getProperty("course.owner.pid", "-1"));
        if (ownerPid > 0) {
            Thread watcher = new Thread(() -> {
                while (true) {
                    boolean alive = ProcessHandle.of(ownerPid).map(ProcessHandle::isAlive).orElse(false);
                    if (!alive) {
                        System.err.println("course: owner process " + ownerPid + " is gone, stopping the broker");
                        System.exit(0);
                    }
                    try { Thread.sleep(500); } catch (InterruptedException e) { return; }
                }
            }, "course-owner-watch");
            watcher.setDaemon(true);
            watcher.start();
        }
        kafka.Kafka.main(args);
    }
}
