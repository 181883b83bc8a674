package dev.lathe.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lathe.engine.device.HostProbe;
import dev.lathe.engine.hardware.Int8Path;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** pair, devices, forget and --device against a real agent process on loopback, as a user drives them from a terminal. */
class DeviceCommandsTest {
    private static final Pattern PAIRING = Pattern.compile("pairing token: (\\S+)\\s+certificate sha256: (\\S+)");
    private static final Pattern LISTENING = Pattern.compile("listening on (\\S+):(\\d+)");

    @TempDir
    Path tmp;
    private Process agent;

    @AfterEach
    void stopAgent() throws Exception {
        if (agent != null) {
            agent.destroyForcibly();
            agent.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aPairedAgentIsListedBenchmarksAndEvaluatesThenARunCutByItsDeathIsKeptAsInterruptedAndItShowsOffline() throws Exception {
        CliHarness cli = new CliHarness(tmp);
        String[] printed = startAgent();
        String token = PAIRING.matcher(printed[0]).results().findFirst().orElseThrow().group(1);
        String fingerprint = PAIRING.matcher(printed[0]).results().findFirst().orElseThrow().group(2);
        Matcher listening = LISTENING.matcher(printed[1]);
        assertThat(listening.matches()).isTrue();
        String address = "127.0.0.1:" + listening.group(2);

        assertThat(cli.exit("pair", address, "--token", "WRONG-TOKEN-0000")).isEqualTo(2);
        assertThat(cli.err()).containsIgnoringCase("token");
        JsonNode paired = CliHarness.json(cli.run("pair", address, "--token", token, "--json"));
        assertThat(paired.get("certificateSha256").asText().replace(":", "")).isEqualToIgnoringCase(
                fingerprint.replace(":", ""));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("data/devices.json"))))
                .isEqualTo("rw-------");

        JsonNode devices = CliHarness.json(cli.run("devices", "--json")).get("devices");
        assertThat(devices).hasSize(2);
        assertThat(devices.get(0).get("address").asText()).isEqualTo("local");
        assertThat(devices.get(1).get("address").asText()).isEqualTo(address);
        assertThat(devices.get(1).get("online").asBoolean()).isTrue();

        JsonNode bench = CliHarness.json(cli.run("bench", SampleFiles.cnn().toString(), "--device", address,
                "--warmup", "5", "--iterations", "40", "--json"));
        assertThat(bench.get("samples").asInt()).isEqualTo(40);
        assertThat(bench.get("latenciesMs")).hasSize(40);
        assertThat(bench.get("device").get("name").asText()).isEqualTo(devices.get(1).get("device").get("name").asText());
        assertThat(bench.get("device").get("int8Path").asText())
                .isEqualTo(devices.get(1).get("device").get("int8Path").asText());
        assertThat(bench.get("warnings")).as("a float model saturates nothing").isEmpty();
        JsonNode local = CliHarness.json(cli.run("eval", SampleFiles.cnn().toString(), "--data",
                SampleFiles.testImages().toString(), "--limit", "300", "--json"));
        assertThat(local.has("againstThisComputer")).as("this computer against itself").isFalse();
        JsonNode eval = CliHarness.json(cli.run("eval", SampleFiles.cnn().toString(), "--data",
                SampleFiles.testImages().toString(), "--limit", "300", "--device", address, "--json"));
        assertThat(eval.get("top1").asDouble()).isBetween(0.85, 1.0);
        // The board is this same CPU here: the same file computes the same top-1 on the same 300 examples.
        assertThat(eval.get("againstThisComputer").get("top1").asDouble()).isEqualTo(local.get("top1").asDouble());
        assertThat(eval.get("againstThisComputer").get("points").asDouble()).isZero();
        assertThat(eval.get("againstThisComputer").get("flagged").asBoolean()).isFalse();
        assertThat(cli.run("eval", SampleFiles.cnn().toString(), "--data", SampleFiles.testImages().toString(),
                "--limit", "300", "--device", address)).contains("this computer gave "
                + String.format(java.util.Locale.ROOT, "%.2f %%", local.get("top1").asDouble() * 100)
                + " on the same examples: +0.00 pp");

        long completeRun = bench.get("runId").asLong();
        killMidRun(cli, address, completeRun, devices.get(1).get("device").get("name").asText());
        JsonNode after = CliHarness.json(cli.run("devices", "--json")).get("devices");
        assertThat(after.get(1).get("online").asBoolean()).isFalse();
        assertThat(after.get(1).get("problem").asText()).isNotBlank();
        assertThat(cli.exit("bench", SampleFiles.cnn().toString(), "--device", "10.9.9.9:7443")).isEqualTo(2);
        assertThat(cli.err()).contains("10.9.9.9:7443 is not paired: run lathe pair 10.9.9.9:7443 --token TOKEN");
    }

    /**
     * This computer's runner and a paired board each say which int8 kernels their CPU has. Both run on this computer
     * here, so both report the path its JVM and /proc/cpuinfo give.
     */
    @Test
    void everyDeviceListedNamesItsInt8Path() throws Exception {
        CliHarness cli = new CliHarness(tmp);
        String address = pair(cli);
        Int8Path here = Int8Path.of(System.getProperty("os.arch"), HostProbe.cpuFlags());

        JsonNode devices = CliHarness.json(cli.run("devices", "--json")).get("devices");
        assertThat(devices).hasSize(2).allSatisfy(d -> assertThat(d.get("device").get("int8Path").asText())
                .isEqualTo(here.id()));
        List<String> lines = cli.run("devices").lines().toList();
        assertThat(lines).hasSize(2).allSatisfy(line -> assertThat(line).contains(" · int8 " + here.label() + " · "));
        // One name per device: this computer is "This computer" (not its host name, nor "local"); a board goes by its
        // host name, with the address --device takes.
        assertThat(devices.get(0).get("name").asText()).isEqualTo("This computer");
        String board = devices.get(1).get("device").get("name").asText();
        assertThat(devices.get(1).get("name").asText()).isEqualTo(board);
        assertThat(lines.get(0)).startsWith("This computer ").doesNotContain(" · " + board + " · ")
                .doesNotContain("local");
        assertThat(lines.get(1)).startsWith(board + " (" + address + ") ");
    }

    @Test
    void forgetDeletesAPairingSoTheAgentIsNoLongerListedOrRunOn() throws Exception {
        CliHarness cli = new CliHarness(tmp);
        String[] printed = startAgent();
        String token = PAIRING.matcher(printed[0]).results().findFirst().orElseThrow().group(1);
        Matcher listening = LISTENING.matcher(printed[1]);
        assertThat(listening.matches()).isTrue();
        String address = "127.0.0.1:" + listening.group(2);
        cli.run("pair", address, "--token", token);

        assertThat(cli.run("forget", address)).startsWith("Forgot " + address + ": its pairing is deleted from ")
                .contains("lathe pair " + address + " --token TOKEN");
        JsonNode devices = CliHarness.json(cli.run("devices", "--json")).get("devices");
        assertThat(devices).hasSize(1);
        assertThat(devices.get(0).get("address").asText()).isEqualTo("local");
        assertThat(cli.exit("bench", SampleFiles.cnn().toString(), "--device", address)).isEqualTo(2);
        assertThat(cli.err()).contains(address + " is not paired");
        assertThat(cli.exit("forget", address)).isEqualTo(2);
        assertThat(cli.err()).isEqualTo("lathe: " + address + " is not paired, so there is nothing to forget; no agent "
                + "is paired.\n");
        assertThat(cli.exit("forget", "local")).isEqualTo(2);
        assertThat(cli.err()).contains("This computer cannot be forgotten");

        cli.run("pair", address, "--token", token);
        JsonNode forgotten = CliHarness.json(cli.run("forget", address, "--json"));
        assertThat(forgotten.get("address").asText()).isEqualTo(address);
        assertThat(forgotten.get("forgotten").asBoolean()).isTrue();
    }

    /**
     * The parent runs here and the variant on the board: the same model on both agrees exactly (the board's runtime
     * is this computer's, on loopback), and an int8 variant differs there as it does here. A board killed mid-run is
     * one line, and no reference outputs are left behind.
     */
    @Test
    void fidelityOnAPairedBoardComparesTheVariantThereWithTheParentRecordedHere() throws Exception {
        CliHarness cli = new CliHarness(tmp);
        String address = pair(cli);
        String board = CliHarness.json(cli.run("devices", "--json")).get("devices").get(1).get("device").get("name")
                .asText();
        String cnn = SampleFiles.cnn().toString();
        String images = SampleFiles.testImages().toString();
        long referencesBefore = referenceFiles();

        JsonNode same = CliHarness.json(cli.run("fidelity", cnn, cnn, "--device", address, "--data", images,
                "--samples", "200", "--json"));
        assertThat(same.get("samples").asInt()).isEqualTo(200);
        assertThat(same.get("cosine").asDouble()).isCloseTo(1.0, within(1e-6));
        assertThat(same.get("maxAbsError").asDouble()).isLessThan(1e-4);
        assertThat(same.get("top1Agreement").asDouble()).isEqualTo(1.0);
        assertThat(same.get("inputs").asText()).isEqualTo("t10k-images-idx3-ubyte.gz on " + board);
        assertThat(same.get("device").get("name").asText()).isEqualTo(board);

        cli.run("optimize", cnn, "--recipe", SampleFiles.root().getParent().getParent()
                .resolve("recipes/int8-static.yaml").toString(), "--calib", images, "--out", tmp.resolve("out").toString());
        String int8 = tmp.resolve("out/cnn.int8-static.onnx").toString();
        JsonNode here = CliHarness.json(cli.run("fidelity", cnn, int8, "--data", images, "--samples", "200", "--json"));
        JsonNode there = CliHarness.json(cli.run("fidelity", cnn, int8, "--device", address, "--data", images,
                "--samples", "200", "--json"));
        assertThat(there.get("cosine").asDouble()).isGreaterThanOrEqualTo(0.999)
                .isCloseTo(here.get("cosine").asDouble(), within(1e-6));
        assertThat(there.get("top1Agreement").asDouble()).isGreaterThanOrEqualTo(0.99)
                .isEqualTo(here.get("top1Agreement").asDouble());
        assertThat(cli.run("fidelity", cnn, int8, "--device", address, "--samples", "64"))
                .startsWith("cnn.int8-static.onnx on " + board + " against cnn.onnx on this computer, 64 examples: "
                        + "synthetic (seed 0) on " + board + "\n");
        assertThat(cli.run("fidelity", cnn, cnn, "--device", address, "--samples", "64"))
                .contains("the same model on both: the differences are what " + board + "'s runtime changes");

        assertThat(cli.exit("fidelity", cnn, cnn, "--device", "10.9.9.9:7443")).isEqualTo(2);
        assertThat(cli.err()).isEqualTo("lathe: 10.9.9.9:7443 is not paired: run lathe pair 10.9.9.9:7443 --token "
                + "TOKEN with the token the agent printed, or see lathe devices\n");
        killMidFidelity(cli, address);
        assertThat(referenceFiles()).as("reference outputs left in the temporary folder").isEqualTo(referencesBefore);
    }

    private void killMidFidelity(CliHarness cli, String address) throws Exception {
        String cnn = SampleFiles.cnn().toString();
        long startedBefore = logLines(".*Fidelity .* started.*");
        CompletableFuture<Integer> fidelity = CompletableFuture.supplyAsync(() -> cli.exit("fidelity", cnn, cnn,
                "--device", address, "--data", SampleFiles.testImages().toString(), "--samples", "3000"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (logLines(".*Fidelity .* started.*") == startedBefore && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(logLines(".*Fidelity .* started.*")).as("the run started on the agent").isEqualTo(startedBefore + 1);
        agent.destroyForcibly();
        agent.waitFor(10, TimeUnit.SECONDS);

        assertThat(fidelity.get(30, TimeUnit.SECONDS)).as("stderr: %s", cli.err()).isEqualTo(2);
        assertThat(cli.err()).startsWith("lathe: Fidelity of cnn.onnx on " + address + " interrupted: the agent "
                + "stopped answering (").endsWith("); check the board and run again.\n").hasLineCount(1);
        assertThat(cli.out()).isEmpty();
    }

    private static long referenceFiles() throws java.io.IOException {
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return files.filter(f -> f.getFileName().toString().startsWith("lathe-reference-")).count();
        }
    }

    private String pair(CliHarness cli) throws Exception {
        String[] printed = startAgent();
        String token = PAIRING.matcher(printed[0]).results().findFirst().orElseThrow().group(1);
        Matcher listening = LISTENING.matcher(printed[1]);
        assertThat(listening.matches()).isTrue();
        String address = "127.0.0.1:" + listening.group(2);
        cli.run("pair", address, "--token", token);
        return address;
    }

    /**
     * Kills the agent while it benchmarks: the command keeps what it received as an interrupted run and says so, and
     * {@code runs} lists it, with its device, above the complete run made before.
     */
    private void killMidRun(CliHarness cli, String address, long completeRun, String agentName) throws Exception {
        String model = SampleFiles.cnn().toString();
        long startedBefore = runsStarted();
        assertThat(startedBefore).as("the agent logs each run it starts").isPositive();
        CompletableFuture<Integer> bench = CompletableFuture.supplyAsync(
                () -> cli.exit("bench", model, "--device", address, "--warmup", "0", "--duration", "60"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (runsStarted() == startedBefore && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(runsStarted()).as("the run started on the agent").isEqualTo(startedBefore + 1);
        // The model is already on the agent; once its session is open, samples arrive four times a second.
        Thread.sleep(3000);
        agent.destroyForcibly();
        agent.waitFor(10, TimeUnit.SECONDS);

        assertThat(bench.get(30, TimeUnit.SECONDS)).as("stderr: %s", cli.err()).isEqualTo(Cli.INTERRUPTED);
        Matcher said = Pattern.compile("interrupted after (\\d+) samples; stored as interrupted \\(run #(\\d+)\\)")
                .matcher(cli.err());
        assertThat(said.find()).as(cli.err()).isTrue();
        assertThat(cli.out()).contains("INTERRUPTED after " + said.group(1) + " runs");

        JsonNode runs = CliHarness.json(cli.run("runs", model, "--json")).get("runs");
        assertThat(runs).hasSize(2);
        assertThat(runs.get(0).get("runId").asLong()).isEqualTo(Long.parseLong(said.group(2)));
        assertThat(runs.get(0).get("status").asText()).isEqualTo("interrupted");
        assertThat(runs.get(0).get("samples").asInt()).isEqualTo(Integer.parseInt(said.group(1))).isPositive();
        assertThat(runs.get(1).get("runId").asLong()).isEqualTo(completeRun);
        assertThat(runs.get(1).get("status").asText()).isEqualTo("complete");
        assertThat(runs).allSatisfy(r -> {
            assertThat(r.get("deviceId").asText()).startsWith("agent-");
            assertThat(r.get("deviceName").asText()).isEqualTo(agentName);
        });
        assertThat(cli.run("runs", model)).contains("#" + said.group(2)).contains("interrupted")
                .contains("#" + completeRun).contains("complete").contains(agentName);
    }

    private long runsStarted() throws java.io.IOException {
        return logLines(".*Benchmark .* started.*");
    }

    private long logLines(String regex) throws java.io.IOException {
        Path log = tmp.resolve("agent.log");
        return Files.exists(log) ? Files.readAllLines(log).stream().filter(l -> l.matches(regex)).count() : 0;
    }

    /** The agent, logging what it runs to {@code agent.log} (this module's test logging would keep it quiet). */
    private String[] startAgent() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path logging = Files.writeString(tmp.resolve("agent-logback.xml"), """
                <configuration>
                  <appender name="FILE" class="ch.qos.logback.core.FileAppender">
                    <file>%s</file>
                    <encoder><pattern>%%d{HH:mm:ss.SSS} %%-5level %%logger{36} - %%msg%%n</pattern></encoder>
                  </appender>
                  <root level="INFO"><appender-ref ref="FILE"/></root>
                </configuration>
                """.formatted(tmp.resolve("agent.log")));
        agent = new ProcessBuilder(List.of(java, "-Xmx512m", "-Dai.djl.offline=true",
                "-Dlogback.configurationFile=" + logging, "-cp",
                System.getProperty("java.class.path"), "dev.lathe.agent.AgentMain", "--port", "0", "--data-dir",
                tmp.resolve("agent").toString())).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(agent.getInputStream(), StandardCharsets.UTF_8));
        return CompletableFuture.supplyAsync(() -> {
            try {
                return new String[] {out.readLine(), out.readLine()};
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).get(60, TimeUnit.SECONDS);
    }
}
