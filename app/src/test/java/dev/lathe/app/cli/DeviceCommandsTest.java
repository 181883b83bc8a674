package dev.lathe.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** pair, devices and --device against a real agent process on loopback, as a user drives them from a terminal. */
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
    void aPairedAgentIsListedAndBenchmarksAndEvaluatesTheSampleThenShowsOfflineWhenItStops() throws Exception {
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
        JsonNode eval = CliHarness.json(cli.run("eval", SampleFiles.cnn().toString(), "--data",
                SampleFiles.testImages().toString(), "--limit", "300", "--device", address, "--json"));
        assertThat(eval.get("top1").asDouble()).isBetween(0.85, 1.0);

        agent.destroyForcibly();
        agent.waitFor(10, TimeUnit.SECONDS);
        JsonNode after = CliHarness.json(cli.run("devices", "--json")).get("devices");
        assertThat(after.get(1).get("online").asBoolean()).isFalse();
        assertThat(after.get(1).get("problem").asText()).isNotBlank();
        assertThat(cli.exit("bench", SampleFiles.cnn().toString(), "--device", "10.9.9.9:7443")).isEqualTo(2);
        assertThat(cli.err()).contains("10.9.9.9:7443 is not paired: run lathe pair 10.9.9.9:7443 --token TOKEN");
    }

    private String[] startAgent() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        agent = new ProcessBuilder(List.of(java, "-Xmx512m", "-Dai.djl.offline=true", "-cp",
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
