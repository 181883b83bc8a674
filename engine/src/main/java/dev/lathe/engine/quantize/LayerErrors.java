package dev.lathe.engine.quantize;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import dev.lathe.engine.task.CancelledException;
import dev.lathe.engine.task.LatheException;
import dev.lathe.engine.task.Progress;
import dev.lathe.engine.model.onnx.OnnxModel;
import dev.lathe.engine.runtime.FloatTensor;
import dev.lathe.engine.runtime.InferenceException;
import dev.lathe.engine.runtime.InferenceSession;
import dev.lathe.engine.runtime.NativeCrashException;
import dev.lathe.engine.runtime.Runtimes;
import dev.lathe.engine.runtime.SessionOptions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The per-layer error report: each quantized node's output in the variant compared with the float model's on the
 * same calibration inputs, worst first, so a user sees which layer lost the accuracy.
 */
public final class LayerErrors {
    /**
     * Ops that move or select 8-bit values without rescaling them: their output carries exactly their input's error,
     * so listing them would only repeat the layer before.
     */
    static final Set<String> PASS_THROUGH = Set.of("MaxPool", "Flatten", "Reshape", "Transpose", "Squeeze",
            "Unsqueeze", "Identity", "Relu", "Slice", "Split");

    private LayerErrors() {
    }

    public static List<LayerError> measure(Runtimes runtimes, OnnxModel floatModel, QuantizedModel variant,
            CalibrationData data, int samples, Progress progress) throws LatheException {
        Map<NodeProto, String> compared = comparable(floatModel.proto(), variant);
        Set<String> tensors = new HashSet<>(compared.values());
        Map<String, double[]> sums = new LinkedHashMap<>();
        tensors.forEach(t -> sums.put(t, new double[2]));
        SessionOptions options = SessionOptions.DEFAULT.withThreads(0);
        try (InferenceSession reference = runtimes.openOnnx(
                     Calibrator.withOutputs(floatModel.proto(), tensors).toByteArray(), floatModel.name(), options);
             InferenceSession quantized = runtimes.openOnnx(
                     Calibrator.withOutputs(variant.model().proto(), tensors).toByteArray(),
                     floatModel.name() + "'s quantized variant", options)) {
            int done = 0;
            int wanted = Math.min(samples, data.examples());
            for (FloatTensor batch : data.batches()) {
                if (done >= wanted) {
                    break;
                }
                CancelledException.checkpoint("Per-layer error report");
                accumulate(reference, quantized, batch, sums);
                done += batch.rows();
                progress.report(Math.min(done, wanted), wanted, "Compared layers on " + done + " examples");
            }
        } catch (NativeCrashException e) {
            throw e;
        } catch (InferenceException e) {
            throw new QuantizationException("Cannot compare layers: ONNX Runtime failed (" + e.getMessage()
                    + "); check that the data fits the model's input", e);
        }
        List<LayerError> errors = new ArrayList<>();
        compared.forEach((node, tensor) -> {
            double[] s = sums.get(tensor);
            errors.add(new LayerError(NodeSelection.displayName(node), node.getOpType(), tensor,
                    10 * Math.log10(s[0] / Math.max(s[1], Double.MIN_VALUE)), Math.sqrt(s[1] / s[0])));
        });
        errors.sort(Comparator.comparingDouble(LayerError::sqnrDb));
        return errors;
    }

    /**
     * Quantized float-model nodes mapped to the tensor, present in both models, where each is compared. A Conv
     * whose Relu was folded into its quantization no longer has its own output, so it is compared at the Relu's.
     */
    private static Map<NodeProto, String> comparable(ModelProto floatModel, QuantizedModel variant) {
        Set<String> produced = new HashSet<>();
        variant.model().proto().getGraph().getNodeList().forEach(n -> produced.addAll(n.getOutputList()));
        List<NodeProto> nodes = floatModel.getGraph().getNodeList();
        Map<NodeProto, String> compared = new LinkedHashMap<>();
        for (NodeProto node : nodes) {
            if (PASS_THROUGH.contains(node.getOpType())
                    || !variant.quantizedNodes().contains(NodeSelection.displayName(node))) {
                continue;
            }
            NodeProto at = node;
            while (at != null && !produced.contains(at.getOutput(0))) {
                at = soleConsumer(nodes, at.getOutput(0));
            }
            // A folded BatchNorm or Relu shares its Conv's comparison point and is not listed twice.
            if (at != null && !compared.containsValue(at.getOutput(0))) {
                compared.put(node, at.getOutput(0));
            }
        }
        return compared;
    }

    private static NodeProto soleConsumer(List<NodeProto> nodes, String tensor) {
        List<NodeProto> consumers = nodes.stream().filter(n -> n.getInputList().contains(tensor)).toList();
        return consumers.size() == 1 ? consumers.get(0) : null;
    }

    private static void accumulate(InferenceSession reference, InferenceSession quantized, FloatTensor batch,
            Map<String, double[]> sums) throws InferenceException {
        List<String> tensors = List.copyOf(sums.keySet());
        Map<String, FloatTensor> expected = reference.run(batch, tensors);
        Map<String, FloatTensor> actual = quantized.run(batch, tensors);
        for (String tensor : tensors) {
            float[] f = expected.get(tensor).data();
            float[] q = actual.get(tensor).data();
            double[] s = sums.get(tensor);
            for (int i = 0; i < f.length; i++) {
                double d = f[i] - q[i];
                s[0] += (double) f[i] * f[i];
                s[1] += d * d;
            }
        }
    }
}
