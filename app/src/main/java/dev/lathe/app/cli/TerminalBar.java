package dev.lathe.app.cli;

import java.time.Duration;
import java.util.Optional;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The progress bar of a command on a terminal, drawn by the progressbar library on its own thread a few times a
 * second: "optimize  40% │████▌      │ 120/300 (0:00:05 / 0:00:07) step 1/2 quantize: calibrated on 120 of 300
 * examples". The time left is {@link ProgressLine}'s, at the pace of the current piece of work. Wiped when closed,
 * so the command's result starts on a clean line.
 */
final class TerminalBar {
    private static final int REDRAW_MILLIS = 200;
    private final ProgressBar bar;
    private final ProgressLine line;
    private final TerminalWriter err;

    TerminalBar(String command, TerminalWriter err, ProgressLine line, LongSupplier nanoTime, IntSupplier columns) {
        this.line = line;
        this.err = err;
        int width = Math.max(40, columns.getAsInt()) - 1;
        this.bar = new ProgressBarBuilder().setTaskName(command).setInitialMax(line.total())
                .setStyle(ProgressBarStyle.UNICODE_BLOCK).setUpdateIntervalMillis(REDRAW_MILLIS).continuousUpdate()
                .setConsumer(new DelegatingProgressBarConsumer(drawn -> err.drawOver(drawn, width), width))
                .setEtaFunction(state -> {
                    var left = line.secondsLeft(nanoTime.getAsLong());
                    return left.isPresent() ? Optional.of(Duration.ofSeconds(left.getAsLong())) : Optional.empty();
                })
                .build();
        update(true);
    }

    /** Takes the latest figures; {@code news} draws them at once rather than at the next redraw. */
    void update(boolean news) {
        long total = line.total();
        if (total != bar.getMax()) {
            bar.maxHint(total);
        }
        bar.stepTo(Math.max(0, total > 0 ? Math.min(line.done(), total) : line.done()));
        bar.setExtraMessage(line.what());
        if (news) {
            bar.refresh();
        }
    }

    void close() {
        bar.close();
        err.wipe();
    }
}
