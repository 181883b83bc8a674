package dev.lathe.engine.runtime.executorch;

import dev.lathe.engine.runtime.executorch.RunnerProcess.Answer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The frames a runner writes, read on a thread of their own and handed to the thread that asked. A read from a pipe
 * cannot be interrupted, a wait for this hand-over can: a run cancelled while ExecuTorch executes stops waiting at
 * once, and {@link RunnerProcess} stops the runner, instead of the cancel waiting for the run to end (minutes, on a
 * large input with the portable kernels) or forever (a program that never ends).
 */
final class RunnerAnswers {
    /** The runner closed its output: it ended. Stays at the head once there, as does a read failure. */
    private static final Object END = new Object();

    private final BlockingQueue<Object> frames = new LinkedBlockingQueue<>();

    RunnerAnswers(InputStream stdout, long pid) {
        Thread reader = new Thread(() -> read(stdout), "executorch-runner-" + pid + "-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * The next frame, waiting for it; empty once the runner has closed its output.
     *
     * @throws IOException when reading the runner's output failed
     * @throws InterruptedException when the waiting thread is interrupted: the runner may be mid-run
     */
    Optional<Answer> next() throws IOException, InterruptedException {
        Object next = frames.take();
        if (next instanceof Answer answer) {
            return Optional.of(answer);
        }
        frames.add(next);  // the end, for whoever asks next
        if (next instanceof IOException e) {
            throw new IOException(e.getMessage(), e);
        }
        return Optional.empty();
    }

    private void read(InputStream in) {
        try (in) {
            while (true) {
                byte[] head = in.readNBytes(4);
                if (head.length < 4) {
                    break;
                }
                int n = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN).getInt();
                if (n <= 0) {
                    throw new IOException("frame of " + n + " bytes");
                }
                byte[] frame = in.readNBytes(n);
                if (frame.length < n) {
                    break;
                }
                frames.add(new Answer((char) frame[0], ByteBuffer.wrap(frame, 1, n - 1).slice()
                        .order(ByteOrder.LITTLE_ENDIAN)));
            }
            frames.add(END);
        } catch (IOException e) {
            frames.add(e);
        }
    }
}
