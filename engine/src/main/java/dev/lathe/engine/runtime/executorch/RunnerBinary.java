package dev.lathe.engine.runtime.executorch;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The ExecuTorch runner program ({@value #NAME}, built from {@code native/executorch-runner}): named by the system
 * property {@value #PROPERTY}, else found beside the jar (or classes folder) this class was loaded from, where the
 * build puts it: {@code lib/} of the app, {@code bin/} of the agent's tarball, {@code target/executorch-runner/} of
 * the engine module.
 */
public record RunnerBinary(Path file) {
    public static final String NAME = "lathe-et-runner";
    public static final String PROPERTY = "lathe.executorch.runner";
    /** Where a board owner reads how to build it. */
    public static final String README = "native/executorch-runner/README.md";

    /** The runner this process would use, if there is one. */
    public static Optional<RunnerBinary> find() {
        String named = System.getProperty(PROPERTY);
        List<Path> candidates = named != null && !named.isBlank() ? List.of(Path.of(named)) : candidates();
        return candidates.stream().filter(RunnerBinary::runsHere).findFirst()
                .map(file -> new RunnerBinary(file.toAbsolutePath().normalize()));
    }

    /**
     * An executable file whose machine code is this computer's: a tarball built on an x86-64 workbench and unpacked
     * on a Raspberry Pi carries a runner the board cannot run. Files that are not ELF (macOS) are taken as they are.
     */
    static boolean runsHere(Path file) {
        if (!Files.isRegularFile(file) || !Files.isExecutable(file)) {
            return false;
        }
        byte[] head = new byte[20];
        try (var in = Files.newInputStream(file)) {
            if (in.readNBytes(head, 0, head.length) < head.length || head[0] != 0x7f || head[1] != 'E'
                    || head[2] != 'L' || head[3] != 'F') {
                return true;
            }
        } catch (IOException e) {
            return false;
        }
        int machine = head[5] == 2 ? (head[18] & 0xff) << 8 | head[19] & 0xff : (head[19] & 0xff) << 8 | head[18] & 0xff;
        return switch (System.getProperty("os.arch")) {
            case "amd64", "x86_64" -> machine == 0x3e;
            case "aarch64", "arm64" -> machine == 0xb7;
            case "arm" -> machine == 0x28;
            case "riscv64" -> machine == 0xf3;
            default -> true;
        };
    }

    private static List<Path> candidates() {
        List<Path> out = new ArrayList<>();
        try {
            var source = RunnerBinary.class.getProtectionDomain().getCodeSource();
            if (source == null) {
                return out;
            }
            Path location = Path.of(source.getLocation().toURI());
            if (Files.isDirectory(location)) {  // target/classes while building
                out.add(location.resolveSibling("executorch-runner").resolve(NAME));
            } else {
                Path dir = location.getParent();
                out.add(dir.resolve(NAME));
                out.add(dir.resolve("executorch-runner").resolve(NAME)); // the engine's jar in target/ while building
                out.add(dir.resolveSibling("bin").resolve(NAME));
            }
        } catch (URISyntaxException | RuntimeException e) {
            return out;
        }
        return out;
    }

    /** The ExecuTorch version the runner was built against, as it reports it ("1.4.1"). */
    String version() throws IOException {
        Process p = new ProcessBuilder(file.toString(), "--version").redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0 || !out.startsWith("ExecuTorch ")) {
                p.destroyForcibly();
                throw new IOException(file + " --version answered '" + out + "'");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while asking " + file + " for its version", e);
        }
        return out.substring("ExecuTorch ".length());
    }
}
