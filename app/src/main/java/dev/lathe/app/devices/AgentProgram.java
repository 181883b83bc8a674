package dev.lathe.app.devices;

import dev.lathe.engine.device.DeviceException;
import dev.lathe.engine.device.directory.AgentLauncher;
import java.io.File;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the agent's main class with the same Java and class path as this workbench, so this computer's runner is the
 * very code a board runs. The agent's own folder comes first on its class path: the app's jar also holds a
 * {@code logback.xml}, and the agent must log into its data folder, not into the workbench's log.
 */
public final class AgentProgram {
    static final String MAIN_CLASS = "dev.lathe.agent.AgentMain";

    private AgentProgram() {
    }

    public static AgentLauncher ofThisJvm() throws DeviceException {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> classPath = new ArrayList<>();
        classPath.add(agentEntry().toString());
        classPath.add(System.getProperty("java.class.path"));
        return new AgentLauncher(List.of(java, "-Xmx1g", "-Dai.djl.offline=true", "-cp",
                String.join(File.pathSeparator, classPath), MAIN_CLASS));
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
