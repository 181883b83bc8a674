package dev.lathe.engine.quantize;

import dev.lathe.engine.model.onnx.OnnxModel;
import dev.lathe.engine.runtime.Runtimes;
import dev.lathe.engine.task.Progress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Calls one of the quantizer's runtime users ({@code calibrator}, {@code layer-errors}, {@code ort-check}) as the
 * first thing a JVM does, with nothing but the runtimes it is handed, and prints what it measured. Run by
 * {@link FirstCallTest} in a JVM of its own: nothing else may have started ONNX Runtime before it.
 *
 * <p>Arguments: which one, and the cache folder for the runtime's natives.
 */
public final class FirstCall {
    private FirstCall() {
    }

    public static void main(String[] args) throws Exception {
        Runtimes runtimes = Runtimes.inProcess(Path.of(args[1]));
        OnnxModel mlp = MatMulModels.mlp(7, false).named("mlp.onnx");
        CalibrationData data = new CalibrationData(List.of(Fidelity.randomInput(1, 16, 784)), "random");
        switch (args[0]) {
            case "calibrator" -> {
                Map<String, ActivationRange> ranges = Calibrator.ranges(runtimes, mlp.proto(), mlp.name(),
                        List.of("mm0", "mm1"), data, QuantizeSpec.Calibration.DEFAULT, Progress.NONE);
                System.out.println("ranges " + ranges.keySet());
            }
            case "layer-errors" -> {
                List<LayerError> errors = LayerErrors.measure(runtimes, mlp, dynamic(mlp), data, 16, Progress.NONE);
                System.out.println("layers " + errors.stream().map(LayerError::node).sorted().toList());
            }
            case "ort-check" -> {
                OrtCheck.loadAndRun(runtimes, dynamic(mlp).model().proto(), mlp.proto(), "mlp.onnx's variant",
                        "dynamic int8", "no advice");
                System.out.println("checked");
            }
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    /** The MLP quantized without running anything, so that the call under test is the first to load a model. */
    private static QuantizedModel dynamic(OnnxModel mlp) throws QuantizationException {
        QuantizeSpec spec = new QuantizeSpec(QuantizeSpec.Mode.DYNAMIC, true, false, QuantizeSpec.ReduceRange.AUTO,
                QuantizeSpec.Calibration.DEFAULT, List.of(), Optional.empty());
        GraphEdit graph = new GraphEdit(mlp.proto());
        List<String> quantized = DynamicRewrite.apply(graph, NodeSelection.select(graph, spec), spec);
        return new QuantizedModel(new OnnxModel(graph.build()).named(mlp.name()), quantized, List.of(), List.of());
    }
}
