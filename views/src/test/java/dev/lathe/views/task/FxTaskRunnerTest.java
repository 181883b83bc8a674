package dev.lathe.views.task;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lathe.engine.task.CancelledException;
import dev.lathe.views.support.Gui;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;

class FxTaskRunnerTest {
    private final ExecutorService pool = DaemonThreads.pool("runner-test");
    private final FxTaskRunner runner = new FxTaskRunner(pool);

    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void worksOffTheFxThreadOnANamedDaemonAndAnswersOnIt() throws Exception {
        CompletableFuture<String> where = new CompletableFuture<>();
        Gui.runFx(() -> runner.run("probe", p -> Thread.currentThread().getName() + "/"
                        + Thread.currentThread().isDaemon() + "/" + Platform.isFxApplicationThread(),
                r -> where.complete(r + "/" + Platform.isFxApplicationThread()), where::completeExceptionally));
        assertThat(where.get(10, TimeUnit.SECONDS)).matches("runner-test-\\d+/true/false/true");
    }

    @Test
    void aFailureReachesTheFailureCallback() throws Exception {
        CompletableFuture<Throwable> failed = new CompletableFuture<>();
        Gui.runFx(() -> runner.run("fail", p -> {
            throw new IllegalStateException("nope");
        }, r -> failed.complete(null), failed::complete));
        assertThat(failed.get(10, TimeUnit.SECONDS)).hasMessage("nope");
    }

    @Test
    void cancellingInterruptsTheWorkAndReportsACancel() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<Boolean> interrupted = new CompletableFuture<>();
        CompletableFuture<Throwable> failed = new CompletableFuture<>();
        TaskHandle handle = Gui.onFx(() -> runner.run("long work", p -> {
            p.report(1, 10, "Step 1");
            started.countDown();
            try {
                Thread.sleep(30_000);
            } catch (InterruptedException e) {
                interrupted.complete(true);
            }
            return null;
        }, r -> failed.complete(null), failed::complete));
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        Gui.await("the activity", 10, () -> runner.activityProperty().get().startsWith("long work"));
        Gui.runFx(handle::cancel);
        assertThat(failed.get(10, TimeUnit.SECONDS)).isInstanceOf(CancelledException.class);
        assertThat(interrupted.get(10, TimeUnit.SECONDS)).isTrue();
        Gui.await("idle", 10, () -> runner.activityProperty().get().isEmpty());
    }
}
