package dev.lathe.engine.runtime.worker;

import dev.lathe.engine.CancelledException;
import dev.lathe.engine.LatheException;
import dev.lathe.engine.model.torchscript.PyTorchEngine;
import dev.lathe.engine.model.torchscript.TorchScriptSession;
import dev.lathe.engine.runtime.Runtimes;
import java.io.EOFException;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model worker: a JVM of its own in which runtimes load and run models, so that their native code can crash it
 * and only it. Reads calls on standard input and answers on standard output (nothing else may write there, so
 * {@code System.out} is pointed at standard error); each call runs on a thread named after it, which the JVM's crash
 * report names, so the parent knows which call crashed. Ends when its standard input closes: its parent is gone.
 *
 * <p>Arguments: the cache folder where the runtimes' natives are unpacked.
 */
public final class WorkerMain {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerMain.class);

    private final FrameStream frames;
    private final WorkerScope scope;
    private final ExecutorService calls = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "call");
        t.setDaemon(true);
        return t;
    });
    private final Map<Long, Future<?>> running = new ConcurrentHashMap<>();

    private WorkerMain(FrameStream frames, WorkerScope scope) {
        this.frames = frames;
        this.scope = scope;
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            LOG.error("usage: WorkerMain CACHE_DIR");
            System.exit(2);
        }
        FileOutputStream protocol = new FileOutputStream(FileDescriptor.out);
        System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true));
        Path cache = Path.of(args[0]);
        PyTorchEngine pytorch = new PyTorchEngine(cache.resolve("djl"));
        Runtimes runtimes = Runtimes.inProcess(cache, (file, shape, options) -> new TorchScriptSession(pytorch, file,
                shape));
        FrameStream frames = new FrameStream(new FileInputStream(FileDescriptor.in), protocol);
        new WorkerMain(frames, WorkerScope.of(runtimes, pytorch)).serve();
        System.exit(0);
    }

    private void serve() throws IOException {
        frames.write(new Frame.Hello(ProcessHandle.current().pid()));
        while (true) {
            Frame frame;
            try {
                frame = frames.read();
            } catch (EOFException e) {
                return;
            }
            if (frame instanceof Frame.Call call) {
                Future<?> f = calls.submit(() -> answer(call));
                running.put(call.id(), f);
                if (f.isDone()) {
                    running.remove(call.id());
                }
            } else if (frame instanceof Frame.Cancel cancel) {
                Future<?> f = running.get(cancel.id());
                LOG.info("Cancel of call {}: {}", cancel.id(), f != null ? "interrupting it" : "already ended");
                if (f != null) {
                    f.cancel(true);
                }
            }
        }
    }

    private void answer(Frame.Call call) {
        Thread.currentThread().setName("call-" + call.id());
        Frame reply;
        try {
            reply = new Frame.Done(call.id(), call.call().run(scope.forCall(e -> send(new Frame.Event(call.id(), e)))));
        } catch (CancelledException e) {
            reply = new Frame.Failed(call.id(), e);
        } catch (Exception | Error e) {
            if (!(e instanceof LatheException)) {
                LOG.warn("{} failed", call.call().doing(), e);
            }
            reply = new Frame.Failed(call.id(), e);
        } finally {
            running.remove(call.id());
            Thread.interrupted();
            Thread.currentThread().setName("call");
        }
        send(reply);
    }

    private void send(Frame frame) {
        try {
            frames.write(frame);
        } catch (IOException e) {
            // The parent is gone; the read loop sees its input close and ends the worker.
            LOG.debug("Cannot answer the parent", e);
        }
    }
}
