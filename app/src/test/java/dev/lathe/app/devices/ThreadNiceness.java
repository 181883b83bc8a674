package dev.lathe.app.devices;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The niceness of a Linux process's threads, as the kernel reports it: field 19 of {@code /proc/<pid>/task/<tid>/stat}.
 * Linux keeps a niceness per thread; a process started under {@code nice} passes it to every thread it creates.
 */
final class ThreadNiceness {
    private ThreadNiceness() {
    }

    /** Each live thread's niceness; a thread that ends while it is read is skipped. */
    static List<Integer> of(long pid) throws IOException {
        List<Integer> out = new ArrayList<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks.toList()) {
                try {
                    out.add(field19(Files.readString(task.resolve("stat"), StandardCharsets.US_ASCII)));
                } catch (IOException gone) {
                    // The thread ended between the listing and the read.
                }
            }
        }
        return out;
    }

    /** The process's own niceness, {@code /proc/<pid>/stat} field 19. */
    static int ofProcess(long pid) throws IOException {
        return field19(Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII));
    }

    /** Field 19 counted from 1; the command name (field 2) may hold spaces, so counting starts after its ')'. */
    static int field19(String stat) {
        String[] after = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        return Integer.parseInt(after[19 - 3]);
    }
}
