package dev.lathe.engine.runtime.executorch;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A run cancelled as the workbench cancels one, by interrupting the thread that waits for it, once an ExecuTorch runner
 * process started by {@code parent} (this JVM, or an agent) has spent 0.3 s of CPU, so ExecuTorch is executing: what
 * the call ended with, when it returned and when the runner was gone, both counted from the interrupt, and whether the
 * runner was still there when the call returned.
 */
public record CancelledRun(Optional<Throwable> thrown, Duration returnedAfter, boolean runnerAliveOnReturn,
                           Duration runnerGoneAfter) {
    private static final Duration EXECUTING = Duration.ofMillis(300);
    private static final long WAIT_MILLIS = 10_000;

    public static CancelledRun of(ProcessHandle parent, Callable<?> call) throws Exception {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                call.call();
            } catch (Throwable e) {
                thrown.set(e);
            }
        }, "cancelled-run");
        caller.start();
        ProcessHandle runner = executing(parent, caller, thrown);
        long t0 = System.nanoTime();
        caller.interrupt();
        caller.join(WAIT_MILLIS);
        Duration returned = Duration.ofNanos(System.nanoTime() - t0);
        boolean alive = runner.isAlive();
        if (caller.isAlive()) {
            throw new AssertionError("the cancelled run did not return within " + WAIT_MILLIS + " ms");
        }
        runner.onExit().get(WAIT_MILLIS, TimeUnit.MILLISECONDS);
        return new CancelledRun(Optional.ofNullable(thrown.get()), returned, alive,
                Duration.ofNanos(System.nanoTime() - t0));
    }

    private static ProcessHandle executing(ProcessHandle parent, Thread caller, AtomicReference<Throwable> thrown)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && caller.isAlive()) {
            Optional<ProcessHandle> runner = parent.children().filter(p -> p.info().command()
                    .map(c -> c.endsWith(RunnerBinary.NAME)).orElse(false) && p.info().totalCpuDuration()
                    .orElse(Duration.ZERO).compareTo(EXECUTING) >= 0).findFirst();
            if (runner.isPresent()) {
                return runner.get();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no ExecuTorch runner was executing under process " + parent.pid(), thrown.get());
    }
}
