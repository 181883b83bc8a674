package dev.lathe.engine.runtime.torchscript;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class PyTorchEngineTest {

    @Test
    void concurrentCallersShareOneEngine() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Engine>> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                calls.add(TorchScriptFixture.PYTORCH::engine);
            }
            List<Engine> engines = new ArrayList<>();
            for (Future<Engine> f : pool.invokeAll(calls)) {
                engines.add(f.get());
            }
            assertThat(engines).allSatisfy(e -> assertThat(e).isSameAs(engines.get(0)));
            assertThat(engines.get(0).getEngineName()).isEqualTo("PyTorch");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void runsPyTorchOnOneIntraOpAndOneInterOpThread() throws Exception {
        TorchScriptFixture.PYTORCH.engine();

        assertThat(JniUtils.getNumThreads()).isEqualTo(1);
        assertThat(JniUtils.getNumInteropThreads()).isEqualTo(1);
    }

    @Test
    void unpacksLibtorchIntoTheGivenCacheFolder() throws Exception {
        TorchScriptFixture.PYTORCH.engine();

        try (var files = Files.walk(TorchScriptFixture.PYTORCH.cacheDir())) {
            assertThat(files.map(p -> p.getFileName().toString())).contains("libtorch_cpu.so");
        }
    }
}
