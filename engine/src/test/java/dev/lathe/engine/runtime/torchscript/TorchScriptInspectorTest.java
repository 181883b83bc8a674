package dev.lathe.engine.runtime.torchscript;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.lathe.engine.model.ElementType;
import dev.lathe.engine.model.LayerInfo;
import dev.lathe.engine.model.ModelFormat;
import dev.lathe.engine.model.ModelFormatException;
import dev.lathe.engine.model.ModelSummary;
import dev.lathe.engine.model.TensorInfo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TorchScriptInspectorTest {
    private static final TorchScriptFixture FIXTURE = TorchScriptFixture.load();
    private static ModelSummary summary;

    private final TorchScriptInspector inspector = new TorchScriptInspector(TorchScriptFixture.PYTORCH);

    @BeforeAll
    static void inspectTheFixture() throws Exception {
        Path model = TorchScriptFixture.model();
        summary = new TorchScriptInspector(TorchScriptFixture.PYTORCH).inspect(model, "abc123", Files.size(model));
    }

    @Test
    void reportsEveryParameterOfTheModule() {
        assertThat(summary.parameters()).isEqualTo(FIXTURE.parameters());
        assertThat(summary.weightBytes()).isEqualTo(FIXTURE.parameterBytes());
    }

    @Test
    void groupsParametersByTheModuleThatOwnsThem() {
        Map<String, Long> expected = new LinkedHashMap<>();
        FIXTURE.parameterShapes().forEach((name, shape) -> expected.merge(
                name.substring(0, name.lastIndexOf('.')), elementCount(shape), Long::sum));
        Map<String, Long> reported = new LinkedHashMap<>();
        summary.layers().forEach(layer -> reported.put(layer.name(), layer.parameters()));
        assertThat(reported).containsExactlyEntriesOf(expected);
        assertThat(summary.layers()).allSatisfy(layer -> assertThat(layer.bytes()).isEqualTo(4 * layer.parameters()));
    }

    @Test
    void namesEachLayerByItsModuleKind() {
        assertThat(summary.layers()).extracting(LayerInfo::name, LayerInfo::op).containsExactly(
                org.assertj.core.groups.Tuple.tuple("features.0", "Conv2d"),
                org.assertj.core.groups.Tuple.tuple("features.1", "BatchNorm2d"),
                org.assertj.core.groups.Tuple.tuple("features.4", "Conv2d"),
                org.assertj.core.groups.Tuple.tuple("classifier.1", "Linear"),
                org.assertj.core.groups.Tuple.tuple("classifier.3", "Linear"));
    }

    @Test
    void countsLeafModulesByKindMostCommonFirst() {
        assertThat(summary.ops()).containsExactly(
                Map.entry("ReLU", 3), Map.entry("Conv2d", 2), Map.entry("Linear", 2), Map.entry("MaxPool2d", 2),
                Map.entry("BatchNorm2d", 1), Map.entry("Flatten", 1));
    }

    @Test
    void layerSharesAreFractionsOfAllWeightBytes() {
        assertThat(summary.layers().stream().mapToDouble(LayerInfo::share).sum()).isCloseTo(1.0, within(1e-9));
        LayerInfo biggest = summary.layers().stream().max(java.util.Comparator.comparingLong(LayerInfo::bytes)).orElseThrow();
        assertThat(biggest.name()).isEqualTo("classifier.1");
        assertThat(biggest.share()).isCloseTo((double) biggest.bytes() / summary.weightBytes(), within(1e-12));
    }

    @Test
    void takesTheInputNameFromForwardWithoutInventingAShapeOrDtype() {
        assertThat(summary.inputs()).containsExactly(new TensorInfo("image", ElementType.OTHER, List.of()));
        assertThat(summary.outputs()).containsExactly(new TensorInfo("output", ElementType.OTHER, List.of()));
        assertThat(summary.declaresInputShape()).isFalse();
    }

    @Test
    void describesTheFileAsTorchScriptWithoutOnnxFields() {
        assertThat(summary.fileName()).isEqualTo("fashion_cnn.pt");
        assertThat(summary.format()).isEqualTo(ModelFormat.TORCHSCRIPT);
        assertThat(summary.producer()).isEqualTo("TorchScript");
        assertThat(summary.sha256()).isEqualTo("abc123");
        assertThat(summary.irVersion()).isEmpty();
        assertThat(summary.opsets()).isEmpty();
        assertThat(summary.metadata()).containsEntry("root module", "FashionCnn")
                .containsEntry("methods", "forward")
                .containsEntry("parameter dtypes", "float32=" + FIXTURE.parameters())
                .containsEntry("archive format version", "3")
                .containsEntry("loaded with", "PyTorch 2.7.1 (DJL 0.36.0)");
    }

    @Test
    void namesBuffersButDoesNotCountThemAsParameters() {
        assertThat(summary.metadata().get("buffers (not counted as parameters)"))
                .isEqualTo("features.1.running_mean, features.1.running_var, features.1.num_batches_tracked");
    }

    @Test
    void truncatedFileIsAFormatErrorNamingTheFile(@TempDir Path dir) throws Exception {
        Path truncated = TorchScriptFixture.truncatedCopy(dir, 20_000);
        assertThatThrownBy(() -> inspector.inspect(truncated, "x", Files.size(truncated)))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageStartingWith("truncated.pt: is damaged or truncated")
                .hasMessageContaining("Copy or export the model again");
    }

    @Test
    void zipHeaderFollowedByGarbageIsAFormatErrorNamingTheFile(@TempDir Path dir) throws Exception {
        Path garbage = Files.write(dir.resolve("garbage.pt"), "PK\u0003\u0004 certainly not a zip".getBytes(StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> inspector.inspect(garbage, "x", Files.size(garbage)))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageStartingWith("garbage.pt: is damaged or truncated");
    }

    @Test
    void plainTorchSaveCheckpointIsRejectedWithAdviceToExportTorchScript(@TempDir Path dir) throws Exception {
        Path checkpoint = TorchScriptFixture.zip(dir.resolve("weights.pt"), Map.of(
                "archive/data.pkl", new byte[] {(byte) 0x80, 2, '}', '.'},
                "archive/version", "3\n".getBytes(StandardCharsets.US_ASCII)));
        assertThatThrownBy(() -> inspector.inspect(checkpoint, "x", Files.size(checkpoint)))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageStartingWith("weights.pt: is a PyTorch checkpoint saved with torch.save, not TorchScript")
                .hasMessageContaining("torch.jit.trace(model, example).save(path)");
    }

    @Test
    void zipWithoutPyTorchRecordsIsAFormatError(@TempDir Path dir) throws Exception {
        Path photos = TorchScriptFixture.zip(dir.resolve("photos.pt"), Map.of("holiday/readme.txt", new byte[] {'h', 'i'}));
        assertThatThrownBy(() -> inspector.inspect(photos, "x", Files.size(photos)))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageStartingWith("photos.pt: is a zip archive but not a PyTorch one");
    }

    @Test
    void archiveThatLibtorchRefusesIsAFormatErrorQuotingPyTorch(@TempDir Path dir) throws Exception {
        Path damaged = TorchScriptFixture.copyReplacing(dir.resolve("damaged.pt"), "/data.pkl",
                "not a pickle at all".getBytes(StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> inspector.inspect(damaged, "x", Files.size(damaged)))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageStartingWith("damaged.pt: PyTorch 2.7.1 cannot load it: ")
                .hasMessageNotContaining("frame #");
    }

    private static long elementCount(String shape) {
        long n = 1;
        for (String d : shape.split("x")) {
            n *= Long.parseLong(d);
        }
        return n;
    }
}
