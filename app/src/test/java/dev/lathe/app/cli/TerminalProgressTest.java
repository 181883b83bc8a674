package dev.lathe.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TerminalProgressTest {
    private final StringWriter screen = new StringWriter();
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final TerminalProgress progress = new TerminalProgress(new PrintWriter(screen), true, nanos::get);

    @Test
    void aLostLinkRightAfterAChunkIsDrawnAtOnceThoughTheBarWasJustRedrawn() {
        progress.report(3_000_000, 4_422_079, "Sending t10k-images-idx3-ubyte.gz to 10.213.7.2:7443");
        nanos.addAndGet(2_000_000);
        progress.report(0, 4_422_079, "Link to 10.213.7.2:7443 lost (io exception: Connection timed out); resuming"
                + " in 0.5 s");

        assertThat(drawnLines()).containsExactly(
                "[####################          ] Sending t10k-images-idx3-ubyte.gz to 10.213.7.2:7443",
                "[                              ] Link to 10.213.7.2:7443 lost (io exception: Connection timed out);"
                        + " resuming in 0.5 s");
    }

    @Test
    void countsOfTheSameMessageAreRedrawnAtMostTenTimesASecond() {
        for (int done = 1; done <= 20; done++) {
            progress.report(done * 256L, 20 * 256L, "Sending cnn.onnx: " + done * 256 + " bytes");
            nanos.addAndGet(20_000_000);
        }

        assertThat(drawnLines()).hasSize(4).allSatisfy(line -> assertThat(line).contains("Sending cnn.onnx"));
    }

    private List<String> drawnLines() {
        return Arrays.stream(screen.toString().split("\r")).map(String::strip).filter(s -> !s.isEmpty())
                .collect(Collectors.toList());
    }
}
