// Runs Apicurio Registry (its runner jar's Main-Class) and exits when the process that owns it is
// gone, so a course killed with SIGKILL never leaves a registry JVM behind.
import java.util.jar.JarFile;

public final class RegistryLauncher {
    public static void main(String[] args) throws Exception {
        final long ownerPid = Long.parseLong(System.getProperty("course.owner.pid", "-1"));
        if (ownerPid > 0) {
            Thread watcher = new Thread(() -> {
                while (true) {
                    boolean alive = ProcessHandle.of(ownerPid).map(ProcessHandle::isAlive).orElse(false);
                    if (!alive) {
                        System.err.println("course: owner process " + ownerPid + " is gone, stopping the registry");
                        Runtime.getRuntime().halt(0);
                    }
                    try { Thread.sleep(500); } catch (InterruptedException e) { return; }
                }
            }, "course-owner-watch");
            watcher.setDaemon(true);
            watcher.start();
        }
        String mainClass;
        try (JarFile jar = new JarFile(System.getProperty("course.runner.jar"))) {
            mainClass = jar.getManifest().getMainAttributes().getValue("Main-Class");
        }
        Class.forName(mainClass).getMethod("main", String[].class).invoke(null, (Object) args);
    }
}
