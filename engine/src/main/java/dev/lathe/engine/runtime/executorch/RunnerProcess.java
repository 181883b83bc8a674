package dev.lathe.engine.runtime.executorch;

import dev.lathe.engine.runtime.InferenceException;
import dev.lathe.engine.runtime.NativeCrashException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One runner process holding one program, and the frames to and from it (native/executorch-runner/README.md,
 * "Protocol"). A crash of the runtime ends this process only: the request it was answering fails with a
 * {@link NativeCrashException} naming the signal and who carries on, and so does every later request.
 */
final class RunnerProcess implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RunnerProcess.class);
    private static final Map<Integer, String> SIGNALS = Map.of(4, "SIGILL", 6, "SIGABRT", 7, "SIGBUS", 8, "SIGFPE",
            9, "SIGKILL", 11, "SIGSEGV", 15, "SIGTERM");
    private static final int STDERR_LINES = 20;

    /** A frame the runner sent: its kind and body, little-endian. */
    record Answer(char kind, ByteBuffer body) {
        String text() {
            return StandardCharsets.UTF_8.decode(body.duplicate()).toString().strip();
        }
    }

    private final Process process;
    private final InputStream in;
    private final OutputStream out;
    private final String modelName;
    private final String survivor;
    private final Deque<String> stderr = new ArrayDeque<>();
    private String failure;

    private RunnerProcess(Process process, String modelName, String survivor) {
        this.process = process;
        this.in = new BufferedInputStream(process.getInputStream(), 1 << 16);
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
        Answer answer = read("loading");
        if (answer.kind() != 'M') {
            throw new InferenceException(modelName + ": unexpected answer '" + answer.kind() + "' from the runner");
        }
        return answer.text();
    }

    /** Sends a request and returns the answer; an error line becomes an exception naming the model. */
    synchronized Answer request(char kind, byte[] body, String doing) throws InferenceException {
        if (failure != null) {
            throw new NativeCrashException(failure);
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

    private Answer read(String doing) throws InferenceException {
        try {
            byte[] head = in.readNBytes(4);
            if (head.length < 4) {
                throw ended(doing);
            }
            int n = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN).getInt();
            if (n <= 0) {
                throw new IOException("frame of " + n + " bytes");
            }
            byte[] frame = in.readNBytes(n);
            if (frame.length < n) {
                throw ended(doing);
            }
            Answer answer = new Answer((char) frame[0], ByteBuffer.wrap(frame, 1, n - 1).slice()
                    .order(ByteOrder.LITTLE_ENDIAN));
            if (answer.kind() == 'E') {
                throw new InferenceException(modelName + ": ExecuTorch " + answer.text());
            }
            return answer;
        } catch (EOFException e) {
            throw ended(doing);
        } catch (IOException e) {
            throw new InferenceException(modelName + ": reading the ExecuTorch runner's answer failed: "
                    + e.getMessage(), e);
        }
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
            if (process.isAlive() && failure == null) {
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
