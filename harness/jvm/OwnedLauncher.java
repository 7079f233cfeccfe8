// Runs a Java program and exits when the process that started it is gone, so a course killed
// with SIGKILL never leaves a broker or registry JVM behind.
//   java -Dcourse.owner.pid=<pid> -cp <launcher dir>:<classpath> OwnedLauncher <main class | --jar path> [args...]
// -Dcourse.remove.on.exit=<dir> also deletes that folder (the program's temp files) when the JVM exits.
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.Stream;
import java.util.jar.JarFile;

public final class OwnedLauncher {
    public static void main(String[] args) throws Exception {
        final long ownerPid = Long.parseLong(System.getProperty("course.owner.pid", "-1"));
        if (ownerPid > 0) {
            Thread watcher = new Thread(() -> {
                while (true) {
                    boolean alive = ProcessHandle.of(ownerPid).map(ProcessHandle::isAlive).orElse(false);
                    if (!alive) {
                        System.err.println("course: owner process " + ownerPid + " is gone, stopping");
                        System.exit(0);
                    }
                    try { Thread.sleep(500); } catch (InterruptedException e) { return; }
                }
            }, "course-owner-watch");
            watcher.setDaemon(true);
            watcher.start();
        }
        final String removeOnExit = System.getProperty("course.remove.on.exit", "");
        if (!removeOnExit.isEmpty()) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(Path.of(removeOnExit)), "course-remove-on-exit"));
        }
        String mainClass = args[0];
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        if (mainClass.equals("--jar")) {
            try (JarFile jar = new JarFile(args[1])) {
                mainClass = jar.getManifest().getMainAttributes().getValue("Main-Class");
            }
            rest = Arrays.copyOfRange(args, 2, args.length);
        }
        Class.forName(mainClass).getMethod("main", String[].class).invoke(null, (Object) rest);
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // already gone
        }
    }
}
