package dev.lathe.views.support;

import java.io.File;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javafx.application.Platform;

/** What the window benchmarks (run as programs, not tests) share: reading the scene, waiting, cleaning up. */
public final class FxBench {
    private FxBench() {
    }

    /** Runs {@code read} on the FX thread and returns what it gave, within 30 s. */
    public static <T> T fx(java.util.concurrent.Callable<T> read) throws Exception {
        AtomicReference<T> out = new AtomicReference<>();
        CompletableFuture<Void> done = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                out.set(read.call());
                done.complete(null);
            } catch (Throwable t) {
                done.completeExceptionally(t);
            }
        });
        done.get(30, TimeUnit.SECONDS);
        return out.get();
    }

    public static void fx(Runnable action) throws Exception {
        fx(() -> {
            action.run();
            return null;
        });
    }

    public interface Check {
        boolean holds() throws Exception;
    }

    public static void waitFor(Check check, int seconds) throws Exception {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (!check.holds()) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException("timed out after " + seconds + " s");
            }
            Thread.sleep(50);
        }
    }

    public static void deleteQuietly(File f) {
        File[] children = f.listFiles();
        if (children != null) {
            for (File c : children) {
                deleteQuietly(c);
            }
        }
        f.delete();
    }
}
