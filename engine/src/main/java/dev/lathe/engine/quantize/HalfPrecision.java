package dev.lathe.engine.quantize;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import dev.lathe.engine.task.CancelledException;
import dev.lathe.engine.task.LatheException;
import dev.lathe.engine.model.onnx.OnnxModel;
import dev.lathe.engine.runtime.Runtimes;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Converts a model's weights and compute to float16 or bfloat16, keeping its float32 inputs and outputs and
 * numerically fragile ops in float32. About 2x smaller; on CPUs without native half arithmetic ONNX Runtime casts
 * many ops back to float32, so it can be slower than the original (measure it).
 */
public final class HalfPrecision {
    public enum Precision { FP16, BF16 }

    private final Runtimes runtimes;

    /** @param runtimes where the check of the result loads it (a worker process, usually) */
    public HalfPrecision(Runtimes runtimes) {
        this.runtimes = runtimes;
    }

    public QuantizedModel convert(OnnxModel model, Precision precision) throws LatheException {
        CancelledException.checkpoint("Half-precision conversion");
        GraphEdit graph = new GraphEdit(model.proto());
        long nested = ControlFlow.nestedFloatWeights(graph);
        if (nested > 0) {
            throw new QuantizationException("The model keeps " + nested + " float weights inside the subgraphs of "
                    + "If/Loop/Scan nodes, which Lathe does not convert yet; converting the rest to "
                    + precision.name().toLowerCase(Locale.ROOT) + " would leave the two halves disagreeing on "
                    + "types. Nothing was written");
        }
        // Folded in float32 first: a BatchNorm's running variance can be far beyond float16's range.
        List<String> folded = BatchNormFolding.apply(graph);
        QuantizeRun run = new QuantizeRun();
        run.folded(folded, "folded in float32 first: a BatchNorm's running variance can be far beyond "
                + precision.name().toLowerCase(Locale.ROOT) + "'s range");
        List<String> converted = new ArrayList<>(folded);
        List<QuantizedModel.FloatNode> kept = new ArrayList<>();
        HalfRewrite rewrite = new HalfRewrite(graph, model.proto().getGraph().getInputList(), precision == Precision.BF16);
        for (int i = 0; i < graph.nodes().size(); i++) {
            NodeProto node = graph.nodes().get(i);
            String name = NodeSelection.displayName(node);
            Optional<String> reason = rewrite.keptFloatBecause(node);
            if (reason.isPresent()) {
                kept.add(new QuantizedModel.FloatNode(name, node.getOpType(), reason.get()));
            } else {
                converted.add(name);
            }
        }
        if (converted.isEmpty()) {
            throw new QuantizationException("Every node of the model is one that stays float32; converting it to "
                    + precision.name().toLowerCase(Locale.ROOT) + " would change nothing");
        }
        ModelProto proto = model.proto();
        rewrite.apply(floatTensors(proto.getGraph().getInputList(), graph),
                floatTensors(proto.getGraph().getOutputList(), graph));
        graph.dropValueInfo();
        ModelProto result = graph.build();
        String kind = precision.name().toLowerCase(Locale.ROOT);
        OrtCheck.loadAndRun(runtimes, result, model.proto(), model.name() + "'s " + kind + " variant", kind,
                precision == Precision.BF16
                ? "ONNX Runtime's CPU kernels (and the ONNX operators this model uses) do not cover bfloat16; "
                        + "convert to fp16 instead."
                : "Report the op named in the message; it needs to stay float32.");
        return new QuantizedModel(new OnnxModel(result), converted, kept, List.of(), run.toStepRun());
    }

    private static Set<String> floatTensors(List<ValueInfoProto> values, GraphEdit graph) {
        return values.stream()
                .filter(v -> v.getType().getTensorType().getElemType() == TensorProto.DataType.FLOAT_VALUE)
                .map(ValueInfoProto::getName)
                .filter(name -> graph.initializer(name).isEmpty())
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }
}
