package dev.lathe.views.support;

import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.testfx.util.WaitForAsyncUtils;

/** Waits on conditions read on the FX thread, so tests never race the scene graph or sleep. */
public final class Gui {
    private Gui() {
    }

    public static <T> T onFx(Callable<T> read) {
        try {
            return WaitForAsyncUtils.asyncFx(read).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Reading the scene failed", e);
        }
    }

    public static void runFx(Runnable action) {
        onFx(() -> {
            action.run();
            return null;
        });
    }

    /** Waits until {@code condition}, evaluated on the FX thread, holds. */
    public static void await(String what, int seconds, Callable<Boolean> condition) throws TimeoutException {
        try {
            WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, () -> Boolean.TRUE.equals(onFx(condition)));
        } catch (TimeoutException e) {
            throw new TimeoutException("Timed out after " + seconds + " s waiting for: " + what);
        }
    }
}
