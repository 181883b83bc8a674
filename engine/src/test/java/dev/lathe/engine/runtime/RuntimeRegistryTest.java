package dev.lathe.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lathe.engine.Samples;
import dev.lathe.engine.model.ModelFormat;
import dev.lathe.engine.model.ModelHandle;
import dev.lathe.engine.runtime.torchscript.TorchScriptSession;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A model's format picks its runtime; a format no runtime was registered for is refused in one line. */
class RuntimeRegistryTest {
    private static final ModelHandle CNN = new ModelHandle(Samples.cnn(), ModelFormat.ONNX, Optional.empty());

    @Test
    void eachModelOpensInTheRuntimeRegisteredForItsFormat() throws Exception {
        Runtimes runtimes = Runtimes.inProcess(Samples.cacheDir(), (file, shape, options) ->
                new TorchScriptSession(Samples.PYTORCH, file, shape));
        ModelHandle script = new ModelHandle(torchScript(), ModelFormat.TORCHSCRIPT, Optional.of(new long[] {1, 1, 28,
                28}));

        try (InferenceSession onnx = runtimes.open(CNN, SessionOptions.DEFAULT);
             InferenceSession pytorch = runtimes.open(script, SessionOptions.DEFAULT)) {
            assertThat(onnx.runtime()).startsWith("ONNX Runtime ");
            assertThat(pytorch.runtime()).startsWith("PyTorch ");
        }
    }

    @Test
    void aFormatWithNoRuntimeHereIsRefusedInOneLineNamingWhatRuns() {
        Runtimes onnxOnly = Runtimes.inProcess(Samples.cacheDir());
        ModelHandle script = new ModelHandle(torchScript(), ModelFormat.TORCHSCRIPT, Optional.empty());

        assertThatThrownBy(() -> onnxOnly.open(script, SessionOptions.DEFAULT))
                .isInstanceOf(InferenceException.class)
                .hasMessage("fashion_cnn.pt: no runtime for TorchScript models is registered here; this one runs ONNX "
                        + "models");
    }

    @Test
    void aRuntimeRegisteredForAFormatIsFoundWithoutTheCallerNamingIt() throws Exception {
        Runtimes onnx = Runtimes.inProcess(Samples.cacheDir());
        RuntimeRegistry registry = RuntimeRegistry.builder()
                .register(ModelFormat.TORCHSCRIPT, new OpenerRuntime("PyTorch", (file, shape, options) ->
                        new TorchScriptSession(Samples.PYTORCH, file, shape)))
                .register(ModelFormat.ONNX, new FormatRuntime() {
                    @Override
                    public String id() {
                        return "onnxruntime";
                    }

                    @Override
                    public String name() {
                        return "ONNX Runtime";
                    }

                    @Override
                    public String version() {
                        return onnx.onnxRuntimeVersion();
                    }

                    @Override
                    public InferenceSession open(Path model, String name, Optional<long[]> shape, SessionOptions o)
                            throws InferenceException {
                        return onnx.open(model, name, ModelFormat.ONNX, shape, o);
                    }
                })
                .build();

        try (InferenceSession session = registry.open(CNN, SessionOptions.DEFAULT)) {
            assertThat(session.runtime()).startsWith("ONNX Runtime ");
            assertThat(session.inputs()).hasSize(1);
        }
        assertThat(registry.described()).containsOnlyKeys(ModelFormat.ONNX, ModelFormat.TORCHSCRIPT)
                .containsEntry(ModelFormat.ONNX, "ONNX Runtime " + OrtSessions.ortVersion());
    }

    @Test
    void aFormatRegisteredTwiceIsAWiringMistake() {
        RuntimeRegistry.Builder builder = RuntimeRegistry.builder()
                .register(ModelFormat.ONNX, new OrtRuntime(Samples.cacheDir()));

        assertThatThrownBy(() -> builder.register(ModelFormat.ONNX, new OrtRuntime(Samples.cacheDir())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("ONNX has a runtime already: ONNX Runtime");
    }

    private static Path torchScript() {
        try {
            return Path.of(RuntimeRegistryTest.class.getResource("/torchscript/fashion_cnn.pt").toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
