package dev.lathe.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lathe.engine.task.Progress;
import dev.lathe.engine.Samples;
import dev.lathe.engine.bench.BenchConfig;
import dev.lathe.engine.bench.BenchmarkResult;
import dev.lathe.engine.model.ModelHandle;
import dev.lathe.engine.device.remote.AgentClient;
import dev.lathe.engine.device.remote.Pairing;
import dev.lathe.engine.device.remote.RemoteDevice;
import dev.lathe.engine.model.ModelFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tarball a board owner unpacks (built by {@code mvn package}, see installers/agent/): its launcher starts the
 * agent from the unpacked folder with only a Java runtime, and the agent it starts pairs and benchmarks.
 */
class AgentTarballIT {
    @TempDir
    static Path unpacked;
    static Path home;

    @BeforeAll
    static void unpack() throws Exception {
        Path tarball = Path.of(System.getProperty("lathe.agent.tarball", "target/missing.tar.gz"));
        assertThat(tarball).as("built by mvn package").isRegularFile();
        assertThat(tarball.getFileName().toString()).matches("lathe-agent-.+-linux\\.tar\\.gz");
        run(unpacked, "tar", "-xzf", tarball.toAbsolutePath().toString());
        try (Stream<Path> top = Files.list(unpacked)) {
            home = top.collect(Collectors.toList()).get(0);
        }
    }

    @Test
    void holdsTheLauncherTheUnitTheReadmeAndTheRuntimeJarsForBothLinuxArchitectures() throws Exception {
        assertThat(home.getFileName().toString()).startsWith("lathe-agent-");
        assertThat(Files.isExecutable(home.resolve("bin/lathe-agent"))).isTrue();
        assertThat(home.resolve("README.md")).content().contains("Raspberry Pi");
        assertThat(Files.isExecutable(home.resolve("executorch-runner/build.sh"))).isTrue();
        assertThat(home.resolve("executorch-runner/CMakeLists.txt")).isRegularFile();
        assertThat(home.resolve("executorch-runner/src/main.cpp")).isRegularFile();
        if (dev.lathe.engine.runtime.executorch.RunnerBinary.find().isPresent()) {  // the build made one
            assertThat(Files.isExecutable(home.resolve("bin/lathe-et-runner"))).isTrue();
        }
        List<String> jars;
        try (Stream<Path> lib = Files.list(home.resolve("lib"))) {
            jars = lib.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
        assertThat(jars).anyMatch(j -> j.startsWith("lathe-agent-")).anyMatch(j -> j.startsWith("lathe-engine-"))
                .noneMatch(j -> j.startsWith("pytorch-native-cpu"));
        Path onnxruntime = home.resolve("lib").resolve(jars.stream().filter(j -> j.startsWith("onnxruntime-"))
                .findFirst().orElseThrow());
        try (ZipFile jar = new ZipFile(onnxruntime.toFile())) {
            for (String arch : List.of("linux-x64", "linux-aarch64")) {
                assertThat(jar.getEntry("ai/onnxruntime/native/" + arch + "/libonnxruntime.so")).as(arch).isNotNull();
                assertThat(jar.getEntry("ai/onnxruntime/native/" + arch + "/libonnxruntime4j_jni.so")).as(arch)
                        .isNotNull();
            }
        }
        assertThat(home.resolve("lathe-agent.service")).content()
                .contains("User=lathe-agent", "StateDirectory=lathe-agent", "Restart=on-failure",
                        "NoNewPrivileges=yes", "ProtectSystem=strict",
                        "ExecStart=/opt/lathe-agent/bin/lathe-agent --bind 0.0.0.0 --port 7443 "
                                + "--data-dir /var/lib/lathe-agent");
    }

    @Test
    void theLauncherStartsTheAgentFromTheUnpackedFolderAndItPairsAndBenchmarks(@TempDir Path data) throws Exception {
        ProcessBuilder launcher = new ProcessBuilder(home.resolve("bin/lathe-agent").toString(), "--port", "0",
                "--data-dir", data.toString());
        launcher.environment().put("JAVA_HOME", System.getProperty("java.home"));
        launcher.environment().put("LATHE_AGENT_JAVA_OPTS", "-Xmx512m");
        try (AgentProcess agent = AgentProcess.launch(launcher);
             AgentClient client = AgentClient.connect(Pairing.pair("127.0.0.1", agent.port, agent.token, "tarball"))) {
            assertThat(agent.stdout.get(0)).startsWith("pairing token: ");
            assertThat(data.resolve("lathe-agent.log")).exists();
            BenchmarkResult result = RemoteDevice.connect(client, t -> { }).benchmark(
                    new ModelHandle(Samples.cnn(), ModelFormat.ONNX, Optional.empty()),
                    new BenchConfig(2, 20, 0, 1, 1, Optional.empty()), (i, nanos) -> { }, Progress.NONE);
            assertThat(result.stats().count()).isEqualTo(20);
            assertThat(result.runtime()).contains("ONNX Runtime");
        }
    }

    @Test
    void theLauncherFindsItsLibrariesWhenCalledThroughALink(@TempDir Path elsewhere) throws Exception {
        Path link = Files.createSymbolicLink(elsewhere.resolve("lathe-agent"), home.resolve("bin/lathe-agent"));
        ProcessBuilder version = new ProcessBuilder(link.toString(), "--version").redirectErrorStream(true);
        version.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process p = version.start();
        String printed = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(printed).isZero();
        assertThat(printed).matches("lathe-agent \\d+\\.\\d+\\.\\d+.*");
    }

    private static void run(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String printed = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + ": " + printed).isZero();
    }
}
