package dev.lathe.engine.runtime.worker;

import dev.lathe.engine.task.CancelledException;
import dev.lathe.engine.task.LatheException;
import dev.lathe.engine.runtime.InferenceException;
import dev.lathe.engine.runtime.NativeCrashException;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running model worker, seen from its parent: calls go out, a reader thread hands events, results and failures
 * to the waiting callers. When the worker's output ends (a crash, usually) every waiting call fails with one line
 * saying what crashed while doing what, and so does every later call on the sessions it held.
 */
final class WorkerProcess {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerProcess.class);
    private static final long START_SECONDS = 120;
    /** How long a cancelled call may take to end (a single run in native code cannot be interrupted). */
    private static final long CANCEL_GRACE_SECONDS = 30;

    private final WorkerSpec spec;
    private final Process process;
    private final FrameStream frames;
    private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final AtomicInteger openSessions = new AtomicInteger();
    private final CompletableFuture<Long> hello = new CompletableFuture<>();
    private volatile String ended;
    private volatile String stopReason;
    private volatile long lastActivityNanos = System.nanoTime();

    /** A call waiting for its answer: a {@link Frame.Done}, a {@link Frame.Failed}, or the crash that ended it. */
    private record Pending(WorkerCall<?> call, Consumer<Serializable> events, CompletableFuture<Object> outcome) {
    }

    private WorkerProcess(WorkerSpec spec, Process process) {
        this.spec = spec;
        this.process = process;
        this.frames = new FrameStream(process.getInputStream(), process.getOutputStream());
    }

    static WorkerProcess start(WorkerSpec spec) throws InferenceException {
        Process p;
        try {
            Files.createDirectories(spec.logDir());
            p = new ProcessBuilder(spec.command()).directory(spec.logDir().toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        } catch (IOException e) {
            throw new InferenceException("Cannot start the model worker (" + e.getMessage() + "); models run in a "
                    + "process of their own so that a crash costs only the run", e);
        }
        WorkerProcess worker = new WorkerProcess(spec, p);
        Thread reader = new Thread(worker::read, "lathe-worker-reader-" + p.pid());
        reader.setDaemon(true);
        reader.start();
        try {
            worker.hello.get(START_SECONDS, TimeUnit.SECONDS);
            LOG.info("Model worker {} started", p.pid());
            return worker;
        } catch (ExecutionException | TimeoutException e) {
            p.destroyForcibly();
            throw new InferenceException("The model worker did not start (" + (e instanceof TimeoutException
                    ? "no answer after " + START_SECONDS + " s" : e.getCause().getMessage()) + "); see "
                    + spec.logDir().resolve("model-worker.log"), e);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new InferenceException("Starting the model worker was interrupted", e);
        }
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return ended == null;
    }

    /** No call waits and no session is open, and none was for {@code nanos}: stopping it loses nothing. */
    boolean idleFor(long nanos) {
        return pending.isEmpty() && openSessions.get() == 0 && System.nanoTime() - lastActivityNanos > nanos;
    }

    void sessionOpened() {
        openSessions.incrementAndGet();
    }

    void sessionClosed() {
        openSessions.decrementAndGet();
    }

    /** Sends {@code call} and waits for its answer; events it sends on the way go to {@code events}. */
    Serializable call(WorkerCall<?> call, Consumer<Serializable> events) throws LatheException {
        long id = ids.incrementAndGet();
        lastActivityNanos = System.nanoTime();
        Pending p = new Pending(call, events, new CompletableFuture<>());
        synchronized (pending) {
            if (ended != null) {
                throw new NativeCrashException(ended);
            }
            pending.put(id, p);
        }
        try {
            frames.write(new Frame.Call(id, call));
        } catch (IOException e) {
            // The worker is gone; its reader completes this call with the reason.
            LOG.debug("Cannot send {} to the model worker", call.doing(), e);
        }
        try {
            return answer(call, await(id, p));
        } finally {
            lastActivityNanos = System.nanoTime();
        }
    }

    private Object await(long id, Pending p) throws CancelledException {
        try {
            return p.outcome().get();
        } catch (InterruptedException e) {
            try {
                frames.write(new Frame.Cancel(id));
            } catch (IOException ignored) {
                // Gone already: the outcome is on its way.
            }
            try {
                return awaitUninterruptibly(p.outcome());
            } catch (TimeoutException t) {
                stop(p.call().doing() + " did not end within " + CANCEL_GRACE_SECONDS + " s of being cancelled");
                throw new CancelledException(capitalized(p.call().doing()));
            } finally {
                Thread.currentThread().interrupt();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object awaitUninterruptibly(CompletableFuture<Object> outcome) throws TimeoutException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CANCEL_GRACE_SECONDS);
        while (true) {
            try {
                return outcome.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException again) {
                // Already cancelled; keep waiting for the worker to say so.
            } catch (ExecutionException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static Serializable answer(WorkerCall<?> call, Object outcome) throws LatheException {
        if (outcome instanceof Frame.Done done) {
            return done.result();
        }
        if (outcome instanceof NativeCrashException crash) {
            throw new NativeCrashException(crash.getMessage());
        }
        Throwable error = ((Frame.Failed) outcome).error();
        if (error instanceof LatheException e) {
            throw e;
        }
        if (error instanceof RuntimeException e) {
            throw e;
        }
        throw new InferenceException(capitalized(call.doing()) + " failed in the model worker: " + error, error);
    }

    private void read() {
        try {
            while (true) {
                Frame frame = frames.read();
                if (frame instanceof Frame.Hello h) {
                    hello.complete(h.pid());
                } else if (frame instanceof Frame.Event e) {
                    Pending p = pending.get(e.id());
                    if (p != null) {
                        p.events().accept(e.event());
                    }
                } else if (frame instanceof Frame.Done d) {
                    complete(d.id(), d);
                } else if (frame instanceof Frame.Failed f) {
                    complete(f.id(), f);
                }
            }
        } catch (IOException | RuntimeException e) {
            if (stopReason == null) {
                LOG.debug("The model worker's output ended", e);
            }
        }
        died();
    }

    private void complete(long id, Object outcome) {
        Pending p = pending.remove(id);
        if (p != null) {
            p.outcome().complete(outcome);
        }
    }

    /** Its output ended: whatever waits learns why, in one line. */
    private void died() {
        process.destroyForcibly();
        int exit;
        try {
            exit = process.waitFor();
        } catch (InterruptedException e) {
            exit = -1;
        }
        String reason = stopReason != null ? "The model worker was stopped: " + stopReason
                : !hello.isDone() ? "the model worker exited with code " + exit + " before it was ready"
                : crashSentence(exit);
        hello.completeExceptionally(new IOException(reason));
        synchronized (pending) {
            ended = reason;
            pending.values().forEach(p -> p.outcome().complete(new NativeCrashException(reason)));
            pending.clear();
        }
        if (stopReason == null) {
            LOG.warn("{} (model worker {}, exit code {}; crash report in {})", reason, process.pid(), exit,
                    spec.logDir());
            CrashReport.prune(spec.logDir());
        }
    }

    private String crashSentence(int exit) {
        CrashReport report = CrashReport.of(process.pid(), exit, spec.logDir());
        WorkerCall<?> culprit = null;
        if (report.callId().isPresent() && pending.containsKey(report.callId().getAsLong())) {
            culprit = pending.get(report.callId().getAsLong()).call();
        } else if (pending.size() == 1) {
            culprit = pending.values().iterator().next().call();
        }
        return culprit == null ? report.sentence("The model worker", "running a model", spec.survivor())
                : report.sentence(culprit.runtime(), culprit.doing(), spec.survivor());
    }

    /** Ends the worker on purpose: its input closes, so it exits; forced after a few seconds. */
    void stop(String reason) {
        stopReason = reason;
        try {
            frames.closeOutput();
        } catch (IOException ignored) {
            // Closing is all we wanted.
        }
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static String capitalized(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
