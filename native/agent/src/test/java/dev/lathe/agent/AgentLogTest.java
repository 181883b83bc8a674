package dev.lathe.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lathe.engine.task.Progress;
import dev.lathe.engine.Samples;
import dev.lathe.engine.bench.BenchConfig;
import dev.lathe.engine.device.DeviceException;
import dev.lathe.engine.device.proto.BenchmarkRequest;
import dev.lathe.engine.device.remote.AgentClient;
import dev.lathe.engine.device.remote.Pairing;
import dev.lathe.engine.device.remote.ProtocolMessages;
import dev.lathe.engine.device.remote.RunListener;
import dev.lathe.engine.model.ModelFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a client sends cannot write lines of its own into lathe-agent.log (issue 12): a workbench name, a run id or
 * a model name with line breaks shows up escaped inside the one line that quotes it.
 */
class AgentLogTest {
    /** What a forger would like a reader to see: a line of the agent's own, claiming something happened. */
    private static final String FORGED = "2026-12-06 04:51:07,000 INFO  [grpc-default-executor-0] d.l.agent.DeviceService"
            + " - Paired workbench 'admin' as 00000000";
    /** Every line the agent writes starts with a time stamp, or belongs to a stack trace. */
    private static final Pattern OWN_LINE = Pattern.compile("^(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d{3} "
            + "|\\tat |\\t\\.\\.\\. |Caused by: |\\tSuppressed: |\\t\\t).*");
    @TempDir
    static Path data;
    static AgentProcess agent;

    @BeforeAll
    static void start() throws Exception {
        agent = AgentProcess.start(data);
    }

    @AfterAll
    static void stop() throws Exception {
        agent.close();
    }

    @Test
    void namesIdsAndModelNamesWithLineBreaksStayInsideTheirLine() throws Exception {
        assertThatThrownBy(() -> Pairing.pair("127.0.0.1", agent.port, "AAAA-BBBB-CCCC", "x\n" + FORGED))
                .isInstanceOf(DeviceException.class).hasMessageContaining("wrong pairing token");
        try (AgentClient client = AgentClient.connect(Pairing.pair("127.0.0.1", agent.port, agent.token,
                "workbench\r\n" + FORGED + "\u2028" + FORGED))) {
            String sha = client.upload(Samples.cnn(), AgentClient.DEFAULT_CHUNK_BYTES, Progress.NONE).sha256();
            client.benchmark(BenchmarkRequest.newBuilder().setRunId("run\n" + FORGED).setModelSha256(sha)
                    .setFormat(ProtocolMessages.toProto(ModelFormat.ONNX)).setModelName("cnn.onnx\n" + FORGED)
                    .setConfig(ProtocolMessages.toProto(new BenchConfig(1, 3, 0, 1, 1, Optional.empty())))
                    .setStreamSamples(true).build(), RunListener.NONE);
        }

        List<String> log = logLines("finished");
        assertThat(log).allSatisfy(line -> assertThat(line).matches(OWN_LINE));
        assertThat(log).noneSatisfy(line -> assertThat(line).startsWith(FORGED));
        assertThat(log).anySatisfy(line -> assertThat(line).contains("Refused pairing from 127.0.0.1 ('x\\n"
                + FORGED + "'): wrong token"));
        assertThat(log).anySatisfy(line -> assertThat(line).contains("Paired workbench 'workbench\\r\\n" + FORGED
                + "\\u2028" + FORGED.substring(0, 20)));
        assertThat(log).anySatisfy(line -> assertThat(line).contains("Benchmark run\\n" + FORGED
                + " of 'cnn.onnx\\n" + FORGED + "' started"));
    }

    /** The log's lines, once one of them contains {@code awaited} (the agent writes them as it goes). */
    private static List<String> logLines(String awaited) throws Exception {
        Path file = data.resolve("lathe-agent.log");
        for (int i = 0; i < 100; i++) {
            List<String> lines = Files.readAllLines(file);
            if (lines.stream().anyMatch(l -> l.contains(awaited))) {
                return lines;
            }
            Thread.sleep(100);
        }
        return Files.readAllLines(file);
    }
}
