package dev.lathe.app.devices;

import dev.lathe.engine.device.DeviceException;
import dev.lathe.engine.runtime.worker.WorkerSpec;
import java.io.File;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/**
 * Runs the agent's main class with the same Java and class path as this workbench, so this computer's runner is the
 * very code a board runs. The agent's own folder comes first on its class path: the app's jar also holds a
 * {@code logback.xml}, and the agent must log into its data folder, not into the workbench's log.
 */
public final class AgentProgram {
    static final String MAIN_CLASS = "dev.lathe.agent.AgentMain";
    /**
     * How many steps of niceness below the window this computer's runner runs in the desktop app. A benchmark keeps
     * the runner's threads busy on every core; at the window's priority they take the FX and render threads' turns
     * and the window's worst frames stretch (docs/PERFORMANCE.md). Ten steps give the window's threads about nine
     * times the runner's share when both want a core (the kernel's weights for niceness 0 and 10); the window and its
     * runner share a scheduling group, so alone, with the window idle, the runner runs as fast as before.
     */
    public static final int BESIDE_THE_WINDOW = 10;

    private AgentProgram() {
    }

    /**
     * The command that starts the agent at this process's own CPU priority, for the command line, where no window
     * waits for a core: up to and including its main class.
     */
    public static List<String> ofThisJvm() throws DeviceException {
        return ofThisJvm(0);
    }

    /**
     * The agent {@code niceness} steps below this process's CPU priority (0: the same priority). Java cannot lower a
     * process's priority, so the command starts with {@code nice -n niceness}, which then runs the JVM in its own
     * place (the same process id); every thread the JVM starts inherits the niceness. Where there is no {@code nice}
     * (Windows), the agent runs at the same priority as this process.
     */
    public static List<String> ofThisJvm(int niceness) throws DeviceException {
        if (niceness < 0) {
            throw new IllegalArgumentException("niceness must be 0 or more, got " + niceness);
        }
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> classPath = new ArrayList<>();
        classPath.add(agentEntry().toString());
        classPath.add(WorkerSpec.absoluteClassPath()); // the runner starts in its own folder
        List<String> command = new ArrayList<>();
        if (niceness > 0) {
            Optional<Path> nice = nice();
            if (nice.isPresent()) {
                command.addAll(List.of(nice.get().toString(), "-n", Integer.toString(niceness)));
            } else {
                LoggerFactory.getLogger(AgentProgram.class).info("No nice program on the PATH: this computer's "
                        + "runner runs at the workbench's CPU priority");
            }
        }
        // A periodic collection when idle hands the memory of a finished run back to the system.
        command.addAll(List.of(java, "-Xmx1g", "-XX:G1PeriodicGCInterval=60000", "-Dai.djl.offline=true", "-cp",
                String.join(File.pathSeparator, classPath), MAIN_CLASS));
        return List.copyOf(command);
    }

    /** The {@code nice} program on the PATH, on a system that has one (not Windows). */
    static Optional<Path> nice() {
        String path = System.getenv("PATH");
        if (path == null || System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows")) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, "nice");
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The jar or folder on this class path that holds the agent's main class. */
    static Path agentEntry() throws DeviceException {
        String resource = MAIN_CLASS.replace('.', '/') + ".class";
        URL url = ClassLoader.getSystemClassLoader().getResource(resource);
        if (url == null) {
            throw new DeviceException("This computer's runner (the Lathe agent) is not on Lathe's class path; build "
                    + "Lathe again with ./lathe so that app/target/lib holds lathe-agent.");
        }
        try {
            String s = url.toString();
            if (s.startsWith("jar:")) {
                return Path.of(new URL(s.substring(4, s.indexOf("!/"))).toURI());
            }
            Path file = Path.of(url.toURI());
            for (int i = 0; i < resource.split("/").length; i++) {
                file = file.getParent();
            }
            return file;
        } catch (URISyntaxException | java.net.MalformedURLException e) {
            throw new DeviceException("Cannot locate the Lathe agent's classes at " + url + ": " + e.getMessage(), e);
        }
    }
}
