package dev.lathe.engine.runtime.executorch;

import dev.lathe.engine.runtime.InferenceException;
import dev.lathe.engine.runtime.NativeCrashException;
import dev.lathe.engine.task.CancelledException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One runner process holding one program, and the frames to and from it (native/executorch-runner/README.md,
 * "Protocol"). A crash of the runtime ends this process only: the request it was answering fails with a
 * {@link NativeCrashException} naming the signal and who carries on, and so does every later request. A thread
 * interrupted while it waits for an answer (a cancelled benchmark or evaluation) stops the runner, since a run in
 * native code cannot be interrupted, and leaves with a {@link CancelledException} within {@value #STOP_GRACE_MILLIS}
 * ms and the time the system takes to end a killed process.
 */
final class RunnerProcess implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RunnerProcess.class);
    private static final Map<Integer, String> SIGNALS = Map.of(4, "SIGILL", 6, "SIGABRT", 7, "SIGBUS", 8, "SIGFPE",
            9, "SIGKILL", 11, "SIGSEGV", 15, "SIGTERM");
    private static final int STDERR_LINES = 20;
    /** How long a runner asked to stop (SIGTERM) may take before it is killed. */
    private static final long STOP_GRACE_MILLIS = 300;

    /** A frame the runner sent: its kind and body, little-endian. */
    record Answer(char kind, ByteBuffer body) {
        String text() {
            return StandardCharsets.UTF_8.decode(body.duplicate()).toString().strip();
        }
    }

    private final Process process;
    private final RunnerAnswers answers;
    private final OutputStream out;
    private final String modelName;
    private final String survivor;
    private final Deque<String> stderr = new ArrayDeque<>();
    private String failure;
    private String cancelled;

    private RunnerProcess(Process process, String modelName, String survivor) {
        this.process = process;
        this.answers = new RunnerAnswers(new BufferedInputStream(process.getInputStream(), 1 << 16), process.pid());
        this.out = new BufferedOutputStream(process.getOutputStream(), 1 << 16);
        this.modelName = modelName;
        this.survivor = survivor;
        Thread drain = new Thread(this::drainStderr, "executorch-runner-" + process.pid() + "-stderr");
        drain.setDaemon(true);
        drain.start();
    }

    /** Starts the runner on {@code model}, in the model's folder, and returns it with the description it sent. */
    static RunnerProcess start(RunnerBinary binary, Path model, String modelName, int threads, String survivor)
            throws InferenceException {
        ProcessBuilder builder = new ProcessBuilder(binary.file().toString(), model.toAbsolutePath().toString(),
                "--threads", Integer.toString(threads));
        Path folder = model.toAbsolutePath().getParent();
        if (folder != null) {
            builder.directory(folder.toFile());
        }
        try {
            return new RunnerProcess(builder.start(), modelName, survivor);
        } catch (IOException e) {
            throw new InferenceException(modelName + ": the ExecuTorch runner " + binary.file() + " cannot start ("
                    + e.getMessage() + "); see " + RunnerBinary.README, e);
        }
    }

    long pid() {
        return process.pid();
    }

    /** The first frame: the description, or the line saying why the program did not load. */
    String description() throws InferenceException {
        Answer answer;
        try {
            answer = read("loading");
        } catch (CancelledException e) {
            throw new InferenceException(e.getMessage(), e);
        }
        if (answer.kind() != 'M') {
            throw new InferenceException(modelName + ": unexpected answer '" + answer.kind() + "' from the runner");
        }
        return answer.text();
    }

    /** Sends a request and returns the answer; an error line becomes an exception naming the model. */
    synchronized Answer request(char kind, byte[] body, String doing) throws InferenceException, CancelledException {
        if (failure != null) {
            throw new NativeCrashException(failure);
        }
        if (cancelled != null) {
            throw new InferenceException(cancelled);
        }
        try {
            byte[] head = ByteBuffer.allocate(5).order(ByteOrder.LITTLE_ENDIAN).putInt(body.length + 1)
                    .put((byte) kind).array();
            out.write(head);
            out.write(body);
            out.flush();
        } catch (IOException e) {
            throw ended(doing);
        }
        return read(doing);
    }

    private Answer read(String doing) throws InferenceException, CancelledException {
        Optional<Answer> next;
        try {
            next = answers.next();
        } catch (InterruptedException e) {
            throw cancel(doing);
        } catch (IOException e) {
            throw new InferenceException(modelName + ": reading the ExecuTorch runner's answer failed: "
                    + e.getMessage(), e);
        }
        if (next.isEmpty()) {
            throw ended(doing);
        }
        Answer answer = next.get();
        if (answer.kind() == 'E') {
            throw new InferenceException(modelName + ": ExecuTorch " + answer.text());
        }
        return answer;
    }

    /**
     * The thread waiting for an answer was interrupted: the runner is asked to end, then killed after a short grace,
     * and the interrupt is kept for the caller's own checks. Later requests are refused, naming the cancel.
     */
    private CancelledException cancel(String doing) {
        String what = doing.substring(0, 1).toUpperCase(Locale.ROOT) + doing.substring(1) + " " + modelName;
        process.destroy();
        try {
            if (!process.waitFor(STOP_GRACE_MILLIS, TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException again) {
            process.destroyForcibly();
        }
        LOG.info("{} was cancelled; its runner {} was stopped", what, process.pid());
        cancelled = what + " was cancelled and its ExecuTorch runner stopped; open the program again to run it";
        Thread.currentThread().interrupt();
        return new CancelledException(what);
    }

    /** The process ended while it owed an answer: a crash (a signal), or an exit with its last words. */
    private InferenceException ended(String doing) {
        int status;
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
            status = process.exitValue();
        } catch (InterruptedException | IllegalThreadStateException e) {
            Thread.currentThread().interrupt();
            status = -1;
        }
        if (status > 128 && status < 160) {  // 128 + the signal that ended it
            String signal = SIGNALS.getOrDefault(status - 128, "signal " + (status - 128));
            failure = "ExecuTorch crashed while " + doing + " " + modelName + " (" + signal + "); " + survivor;
            LOG.warn("{}; its last words: {}", failure, lastWords());
            return new NativeCrashException(failure);
        }
        failure = "The ExecuTorch runner ended while " + doing + " " + modelName + " (exit status " + status + ")"
                + lastWords().stream().reduce((a, b) -> b).map(line -> ": " + line).orElse("") + "; " + survivor;
        return new NativeCrashException(failure);
    }

    private List<String> lastWords() {
        synchronized (stderr) {
            return List.copyOf(stderr);
        }
    }

    private void drainStderr() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getErrorStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                LOG.debug("runner {}: {}", process.pid(), line);
                synchronized (stderr) {
                    if (stderr.size() == STDERR_LINES) {
                        stderr.removeFirst();
                    }
                    stderr.addLast(line);
                }
            }
        } catch (IOException e) {
            LOG.debug("Reading runner {}'s stderr ended", process.pid(), e);
        }
    }

    /** Asks the runner to end, and ends it if it does not within a second. */
    @Override
    public synchronized void close() {
        try {
            if (process.isAlive() && failure == null && cancelled == null) {
                out.write(new byte[] {1, 0, 0, 0, 'Q'});
                out.flush();
            }
            out.close();
        } catch (IOException e) {
            LOG.debug("Runner {} is gone already", process.pid(), e);
        }
        try {
            if (!process.waitFor(1, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
