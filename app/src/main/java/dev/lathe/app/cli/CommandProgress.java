package dev.lathe.app.cli;

import dev.lathe.engine.task.Progress;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import picocli.CommandLine.Model.CommandSpec;

/**
 * A command's progress on its standard error, for anything that runs longer than a moment: on a terminal a bar with
 * the step, percentage and time left ({@link TerminalBar}); elsewhere (a file, a pipe, CI) a plain line every few
 * seconds, "optimize: step 1/2 quantize: calibrated on 120 of 300 examples (40 %), 12 s left", and one when a step
 * begins. Nothing for the first two seconds, so a quick command prints only its result; with {@code --json} nothing
 * but a terminal's bar, which it wipes, so a program reading the output reads JSON alone.
 */
final class CommandProgress implements Progress, AutoCloseable {
    private static final long TICK_MILLIS = 500;
    private final String command;
    private final TerminalWriter err;
    private final ProgressSettings settings;
    private final LongSupplier nanoTime;
    private final long start;
    private final ProgressLine line = new ProgressLine();
    private final Optional<ScheduledExecutorService> ticker;
    private TerminalBar bar;
    private long lastPrinted = Long.MIN_VALUE;
    private boolean closed;

    CommandProgress(String command, TerminalWriter err, LongSupplier nanoTime, boolean silent) {
        this.command = command;
        this.closed = silent;
        this.err = err;
        this.settings = err.progress();
        this.nanoTime = nanoTime;
        this.start = nanoTime.getAsLong();
        boolean ticks = !silent && (settings.terminal() || settings.every().toMillis() > 0);
        this.ticker = ticks ? Optional.of(Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "lathe-progress");
            t.setDaemon(true);
            return t;
        })) : Optional.empty();
        ticker.ifPresent(t -> t.scheduleAtFixedRate(() -> show(false), TICK_MILLIS, TICK_MILLIS,
                TimeUnit.MILLISECONDS));
    }

    /** The progress of the command {@code spec}: silent with {@code --json} when standard error is no terminal. */
    static CommandProgress open(CommandSpec spec, boolean json) {
        TerminalWriter err = spec.commandLine().getErr() instanceof TerminalWriter t ? t
                : new TerminalWriter(spec.commandLine().getErr(), ProgressSettings.lines());
        return new CommandProgress(spec.name(), err, System::nanoTime, json && !err.progress().terminal());
    }

    @Override
    public void report(long done, long total, String message) {
        boolean news = line.report(done, total, message, nanoTime.getAsLong());
        show(news && settings.terminal());
    }

    @Override
    public void stage(String name) {
        show(line.stage(name, nanoTime.getAsLong()));
    }

    /** Draws or prints what is going on, if it is time to; {@code news} says it at once. */
    private synchronized void show(boolean news) {
        long now = nanoTime.getAsLong();
        if (closed || line.isEmpty() || now - start < settings.quietFor().toNanos()) {
            return;
        }
        if (settings.terminal()) {
            if (bar == null) {
                bar = new TerminalBar(command, err, line, nanoTime, settings.columns());
            }
            bar.update(news);
            return;
        }
        if (news || lastPrinted == Long.MIN_VALUE || now - lastPrinted >= settings.every().toNanos()) {
            err.println(command + ": " + line.text(now));
            lastPrinted = now;
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        ticker.ifPresent(ScheduledExecutorService::shutdownNow);
        if (bar != null) {
            bar.close();
        }
    }
}
