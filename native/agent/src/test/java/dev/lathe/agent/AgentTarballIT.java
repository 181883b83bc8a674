package dev.lathe.agent;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OrtEnvironment;
import dev.lathe.engine.Samples;
import dev.lathe.engine.bench.BenchConfig;
import dev.lathe.engine.bench.BenchmarkResult;
import dev.lathe.engine.device.remote.AgentClient;
import dev.lathe.engine.device.remote.Pairing;
import dev.lathe.engine.device.remote.RemoteDevice;
import dev.lathe.engine.model.ModelFormat;
import dev.lathe.engine.model.ModelHandle;
import dev.lathe.engine.runtime.executorch.RunnerBinary;
import dev.lathe.engine.task.Progress;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tarballs a board owner unpacks, one per platform (built by {@code mvn package}, see installers/agent/): each
 * carries libtorch and ONNX Runtime for its own platform only; the x86-64 one's launcher starts the agent from the
 * unpacked folder with only a Java runtime, and that agent pairs and benchmarks ONNX and TorchScript models offline.
 * The aarch64 one runs under emulation in installers/agent/arm64-emulated.sh (too slow for these tests).
 */
class AgentTarballIT {
    @TempDir
    static Path unpacked;
    static Path x86;
    static Path arm;

    @BeforeAll
    static void unpack() throws Exception {
        x86 = unpack("x86_64");
        arm = unpack("aarch64");
    }

    @Test
    void eachHoldsTheLauncherTheUnitTheReadmeAndTheExecuTorchRunnersSources() throws Exception {
        for (Path home : List.of(x86, arm)) {
            assertThat(home.getFileName().toString()).startsWith("lathe-agent-");
            assertThat(Files.isExecutable(home.resolve("bin/lathe-agent"))).isTrue();
            assertThat(home.resolve("README.md")).content().contains("Raspberry Pi");
            assertThat(Files.isExecutable(home.resolve("executorch-runner/build.sh"))).isTrue();
            assertThat(home.resolve("executorch-runner/CMakeLists.txt")).isRegularFile();
            assertThat(home.resolve("executorch-runner/src/main.cpp")).isRegularFile();
            assertThat(home.resolve("lathe-agent.service")).content()
                    .contains("User=lathe-agent", "StateDirectory=lathe-agent", "Restart=on-failure",
                            "NoNewPrivileges=yes", "ProtectSystem=strict",
                            "ExecStart=/opt/lathe-agent/bin/lathe-agent --bind 0.0.0.0 --port 7443 "
                                    + "--data-dir /var/lib/lathe-agent");
        }
        // The runner the build made is an x86-64 program: only the x86-64 tarball carries it.
        assertThat(Files.exists(x86.resolve("bin/lathe-et-runner")))
                .isEqualTo(RunnerBinary.find().isPresent());
        assertThat(arm.resolve("bin/lathe-et-runner")).doesNotExist();
    }

    @Test
    void eachCarriesLibtorchAndOnnxRuntimeForItsOwnPlatformOnlyAndTheSameJarsBesides() throws Exception {
        String libtorch = bundledLibtorchVersion();
        for (Path home : List.of(x86, arm)) {
            String platform = home == x86 ? "linux-x86_64" : "linux-aarch64";
            String ortPlatform = home == x86 ? "linux-x64" : "linux-aarch64";
            String otherOrt = home == x86 ? "linux-aarch64" : "linux-x64";
            List<String> torch = jars(home).stream().filter(j -> j.startsWith("pytorch-native-cpu"))
                    .collect(Collectors.toList());
            assertThat(torch).as(platform).containsExactly("pytorch-native-cpu-" + libtorch.substring(0,
                    libtorch.indexOf('-')) + "-" + platform + ".jar");
            try (JarFile jar = new JarFile(home.resolve("lib").resolve(torch.get(0)).toFile())) {
                Properties p = properties(jar, "native/lib/pytorch.properties");
                assertThat(p.getProperty("classifier")).isEqualTo(platform);
                assertThat(p.getProperty("version")).as("the same libtorch as the workbench's").isEqualTo(libtorch);
            }
            try (JarFile jar = new JarFile(home.resolve("lib").resolve(onnxRuntimeJar(home)).toFile())) {
                List<String> natives = jar.stream().map(ZipEntry::getName)
                        .filter(n -> n.startsWith("ai/onnxruntime/native/") && !n.endsWith("/"))
                        .collect(Collectors.toList());
                assertThat(natives).as(platform).containsExactlyInAnyOrder(
                        "ai/onnxruntime/native/" + ortPlatform + "/libonnxruntime.so",
                        "ai/onnxruntime/native/" + ortPlatform + "/libonnxruntime4j_jni.so");
                assertThat(natives).noneMatch(n -> n.contains(otherOrt));
                assertThat(jar.getEntry("ai/onnxruntime/OrtEnvironment.class")).isNotNull();
                assertThat(jar.getManifest().getMainAttributes().getValue("Implementation-Version"))
                        .as("Lathe reads ONNX Runtime's version here")
                        .isEqualTo(OrtEnvironment.getEnvironment().getVersion());
            }
        }
        List<String> x86Jars = jars(x86).stream().filter(j -> !j.startsWith("pytorch-native-cpu"))
                .collect(Collectors.toList());
        assertThat(x86Jars).anyMatch(j -> j.startsWith("lathe-agent-")).anyMatch(j -> j.startsWith("lathe-engine-"))
                .anyMatch(j -> j.startsWith("pytorch-jni-"));
        assertThat(jars(arm).stream().filter(j -> !j.startsWith("pytorch-native-cpu")))
                .containsExactlyElementsOf(x86Jars);
    }

    @Test
    void theLauncherStartsTheAgentFromTheUnpackedFolderAndItBenchmarksOnnxAndTorchScriptOffline(
            @TempDir Path data, @TempDir Path models) throws Exception {
        ProcessBuilder launcher = new ProcessBuilder(x86.resolve("bin/lathe-agent").toString(), "--port", "0",
                "--data-dir", data.toString());
        launcher.environment().put("JAVA_HOME", System.getProperty("java.home"));
        launcher.environment().put("LATHE_AGENT_JAVA_OPTS", "-Xmx512m");
        Path script = torchScript(models);
        try (AgentProcess agent = AgentProcess.launch(launcher);
             AgentClient client = AgentClient.connect(Pairing.pair("127.0.0.1", agent.port, agent.token, "tarball"))) {
            assertThat(agent.stdout.get(0)).startsWith("pairing token: ");
            assertThat(data.resolve("lathe-agent.log")).exists();
            RemoteDevice board = RemoteDevice.connect(client, t -> { });
            assertThat(board.describe().runtime("libtorch")).as("from the tarball's own lib/").isPresent();
            BenchConfig config = new BenchConfig(2, 20, 0, 1, 1, Optional.empty());
            BenchmarkResult onnx = board.benchmark(new ModelHandle(Samples.cnn(), ModelFormat.ONNX, Optional.empty()),
                    config, (i, nanos) -> { }, Progress.NONE);
            assertThat(onnx.stats().count()).isEqualTo(20);
            assertThat(onnx.runtime()).contains("ONNX Runtime");
            // The launcher passes -Dai.djl.offline=true: libtorch comes from lib/, or the run fails.
            BenchmarkResult torch = board.benchmark(new ModelHandle(script, ModelFormat.TORCHSCRIPT,
                    Optional.of(new long[] {1, 1, 28, 28})), config, (i, nanos) -> { }, Progress.NONE);
            assertThat(torch.stats().count()).isEqualTo(20);
            assertThat(torch.runtime()).startsWith("PyTorch");
        }
    }

    @Test
    void theLauncherFindsItsLibrariesThroughALinkAndRefusesAJavaOfAnotherPlatform(@TempDir Path elsewhere)
            throws Exception {
        // This JVM is x86-64 (the build's runner and libtorch are): the aarch64 package names the one to unpack.
        String x86Printed = runThroughLink(x86, elsewhere.resolve("x86"), 0);
        assertThat(x86Printed).matches("lathe-agent \\d+\\.\\d+\\.\\d+.*");
        String armPrinted = runThroughLink(arm, elsewhere.resolve("arm"), 2);
        assertThat(armPrinted).startsWith("lathe-agent: this package is for linux-aarch64 and ")
                .contains("unpack the package for this computer, lathe-agent-<version>-linux-x86_64.tar.gz");
    }

    /** {@code bin/lathe-agent --version} of {@code home}, started through a symbolic link: what it printed. */
    private static String runThroughLink(Path home, Path link, int exitCode) throws Exception {
        Files.createSymbolicLink(link, home.resolve("bin/lathe-agent"));
        ProcessBuilder version = new ProcessBuilder(link.toString(), "--version").redirectErrorStream(true);
        version.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process p = version.start();
        String printed = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(printed).isEqualTo(exitCode);
        return printed;
    }

    private static Path unpack(String platform) throws Exception {
        Path tarball = Path.of(System.getProperty("lathe.agent.tarball." + platform, "target/missing.tar.gz"));
        assertThat(tarball).as("built by mvn package").isRegularFile();
        assertThat(tarball.getFileName().toString()).matches("lathe-agent-.+-linux-" + platform + "\\.tar\\.gz");
        Path into = Files.createDirectories(unpacked.resolve(platform));
        run(into, "tar", "-xzf", tarball.toAbsolutePath().toString());
        try (Stream<Path> top = Files.list(into)) {
            return top.collect(Collectors.toList()).get(0);
        }
    }

    private static List<String> jars(Path home) throws IOException {
        try (Stream<Path> lib = Files.list(home.resolve("lib"))) {
            return lib.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    private static String onnxRuntimeJar(Path home) throws IOException {
        return jars(home).stream().filter(j -> j.startsWith("onnxruntime-")).findFirst().orElseThrow();
    }

    /** The version of the libtorch the workbench's own pytorch-native-cpu jar carries ("2.7.1-20250812"). */
    private static String bundledLibtorchVersion() throws IOException {
        try (InputStream in = AgentTarballIT.class.getResourceAsStream("/native/lib/pytorch.properties")) {
            assertThat(in).as("the pytorch-native-cpu jar is on the test class path").isNotNull();
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        }
    }

    private static Properties properties(JarFile jar, String entry) throws IOException {
        ZipEntry e = jar.getEntry(entry);
        assertThat(e).as(jar.getName() + " holds " + entry).isNotNull();
        try (InputStream in = jar.getInputStream(e)) {
            Properties p = new Properties();
            p.load(in);
            return p;
        }
    }

    /** The PyTorch-made fixture, copied out of the engine's test jar (or folder) it is a resource of. */
    private static Path torchScript(Path dir) throws IOException {
        Path file = dir.resolve("fashion_cnn.pt");
        try (InputStream in = AgentTarballIT.class.getResourceAsStream("/torchscript/fashion_cnn.pt")) {
            assertThat(in).as("the engine's test resources are on the class path").isNotNull();
            Files.copy(in, file);
        }
        return file;
    }

    private static void run(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String printed = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + ": " + printed).isZero();
    }
}
