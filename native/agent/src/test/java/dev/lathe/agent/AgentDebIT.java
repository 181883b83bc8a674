package dev.lathe.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lathe.engine.Samples;
import dev.lathe.engine.bench.BenchConfig;
import dev.lathe.engine.bench.BenchmarkResult;
import dev.lathe.engine.device.remote.AgentClient;
import dev.lathe.engine.device.remote.Pairing;
import dev.lathe.engine.device.remote.RemoteDevice;
import dev.lathe.engine.model.ModelFormat;
import dev.lathe.engine.model.ModelHandle;
import dev.lathe.engine.task.Progress;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's Debian packages (installers/agent/deb.sh, built by the `installer` profile): one per architecture, each
 * the tarball of its platform under /opt/lathe-agent with the systemd unit, a system user made by postinst, and its
 * state under /var/lib/lathe-agent. Unpacked with dpkg-deb; the amd64 one's agent starts, pairs and benchmarks.
 */
class AgentDebIT {
    private static final Path DEBS = Path.of(System.getProperty("lathe.agent.debs", "target/deb"));

    @TempDir
    Path tmp;

    @Test
    void eachArchitectureHasAPackageWithTheAgentTheUnitAndAUserOfItsOwn() throws Exception {
        for (String arch : List.of("amd64", "arm64")) {
            Path deb = deb(arch);
            assertThat(run(List.of("dpkg-deb", "-f", deb.toString(), "Package", "Architecture", "Depends")))
                    .contains("Package: lathe-agent", "Architecture: " + arch,
                            "openjdk-17-jre-headless | java17-runtime-headless", "adduser");
            Path root = tmp.resolve(arch);
            run(List.of("dpkg-deb", "-x", deb.toString(), root.toString()));
            run(List.of("dpkg-deb", "-e", deb.toString(), root.resolve("DEBIAN").toString()));
            assertThat(root.resolve("opt/lathe-agent/bin/lathe-agent")).isExecutable();
            assertThat(root.resolve("lib/systemd/system/lathe-agent.service")).content()
                    .contains("User=lathe-agent", "ExecStart=/opt/lathe-agent/bin/lathe-agent");
            assertThat(root.resolve("DEBIAN/postinst")).isExecutable().content()
                    .contains("adduser --system --group --home /var/lib/lathe-agent")
                    .contains("install -d -o lathe-agent -g lathe-agent -m 0700 /var/lib/lathe-agent");
            assertThat(root.resolve("DEBIAN/postrm")).content().contains("purge", "rm -rf /var/lib/lathe-agent");
            String libtorch = arch.equals("amd64") ? "linux-x86_64" : "linux-aarch64";
            try (Stream<Path> jars = Files.list(root.resolve("opt/lathe-agent/lib"))) {
                assertThat(jars.map(j -> j.getFileName().toString()).filter(j -> j.startsWith("pytorch-native-cpu")))
                        .singleElement().asString().endsWith(libtorch + ".jar");
            }
        }
    }

    @Test
    void theInstalledAgentStartsPairsAndBenchmarks(@TempDir Path data) throws Exception {
        Path root = tmp.resolve("installed");
        run(List.of("dpkg-deb", "-x", deb("amd64").toString(), root.toString()));
        ProcessBuilder launcher = new ProcessBuilder(root.resolve("opt/lathe-agent/bin/lathe-agent").toString(),
                "--port", "0", "--data-dir", data.toString());
        launcher.environment().put("JAVA_HOME", System.getProperty("java.home"));
        launcher.environment().put("LATHE_AGENT_JAVA_OPTS", "-Xmx512m");
        try (AgentProcess agent = AgentProcess.launch(launcher);
             AgentClient client = AgentClient.connect(Pairing.pair("127.0.0.1", agent.port, agent.token, "deb"))) {
            RemoteDevice board = RemoteDevice.connect(client, t -> { });
            BenchmarkResult onnx = board.benchmark(new ModelHandle(Samples.cnn(), ModelFormat.ONNX, Optional.empty()),
                    new BenchConfig(2, 20, 0, 1, 1, Optional.empty()), (i, nanos) -> { }, Progress.NONE);
            assertThat(onnx.stats().count()).isEqualTo(20);
        }
    }

    private static Path deb(String arch) throws IOException {
        try (Stream<Path> files = Files.list(DEBS)) {
            List<Path> debs = files.filter(f -> f.getFileName().toString().endsWith("_" + arch + ".deb")).toList();
            assertThat(debs).as("the %s package in %s", arch, DEBS).hasSize(1);
            return debs.get(0);
        }
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("%s printed:%n%s", command, out).isZero();
        return out;
    }
}
