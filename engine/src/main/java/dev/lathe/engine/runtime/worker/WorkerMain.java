package dev.lathe.engine.runtime.worker;

import dev.lathe.engine.task.CancelledException;
import dev.lathe.engine.task.LatheException;
import dev.lathe.engine.runtime.torchscript.LibTorchNatives;
import dev.lathe.engine.runtime.torchscript.PyTorchEngine;
import dev.lathe.engine.runtime.torchscript.TorchScriptSession;
import dev.lathe.engine.runtime.Runtimes;
import java.io.EOFException;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
    /**
     * Calls received and not yet answered, each with the thread running it once it runs. A cancel interrupts that
     * thread, or, for a call no thread has picked up yet, marks it so that it is answered "cancelled" without
     * running: either way every call gets exactly one answer. (A Future's cancel would skip a call that had not
     * started, leaving its caller waiting for an answer that never comes.)
     */
    private final Map<Long, Thread> running = new HashMap<>();
    private final Set<Long> cancelled = new HashSet<>();

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
        PyTorchEngine pytorch = new PyTorchEngine(WorkerSpec.djlCacheDir(cache));
        // The same runtimes as the parent lists (ModelWorker.runtimes): libtorch only where its natives are.
        Optional<String> libtorch = LibTorchNatives.version(pytorch.cacheDir());
        Runtimes runtimes = libtorch.isPresent()
                ? Runtimes.inProcess(cache, libtorch.get(), (file, shape, options) -> new TorchScriptSession(pytorch,
                        file, shape))
                : Runtimes.inProcess(cache);
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
                synchronized (running) {
                    running.put(call.id(), null);
                }
                calls.execute(() -> answer(call));
            } else if (frame instanceof Frame.Cancel cancel) {
                cancel(cancel.id());
            }
        }
    }

    private void cancel(long id) {
        synchronized (running) {
            if (!running.containsKey(id)) {
                return;  // answered already
            }
            Thread thread = running.get(id);
            if (thread != null) {
                thread.interrupt();
            } else {
                cancelled.add(id);
            }
        }
    }

    private void answer(Frame.Call call) {
        synchronized (running) {
            if (cancelled.remove(call.id())) {
                running.remove(call.id());
                send(new Frame.Failed(call.id(), new CancelledException(capitalized(call.call().doing()))));
                return;
            }
            running.put(call.id(), Thread.currentThread());
        }
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
            synchronized (running) {
                running.remove(call.id());
                Thread.interrupted();  // a cancel that came as the call ended must not reach the next call
            }
            Thread.currentThread().setName("call");
        }
        send(reply);
    }

    private static String capitalized(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
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
