package dev.lathe.engine.quantize;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Finds the int8 layers of a model whose weights can saturate the integer kernels of x86 CPUs without VNNI. Those
 * kernels ({@code vpmaddubsw}) multiply uint8 activations (0 to 255) by int8 weights and add each pair of
 * neighbouring products into a 16-bit lane, which clips at 32 767: a pair of same-sign weights whose magnitudes add
 * up past 128 steps can clip when both activations are large. Which neighbours form a pair depends on how the
 * kernel packs the weights, so every two same-sign weights of an output channel count. Reads any int8 ONNX model:
 * Lathe's QDQ and dynamic variants, and ONNX Runtime's own (MatMulInteger, ConvInteger, QLinearConv, QGemm,
 * MatMulIntegerToFloat). Only int8 weights are read: uint8 weights (ONNX Runtime's CPU ConvInteger takes no other) go
 * through u8×u8 kernels that widen both operands to 16 bits before multiplying, where no pair can clip.
 */
public final class SaturationCheck {
    /** 255 × 128 = 32 640 fits a signed 16-bit lane; 255 × 129 does not. */
    public static final int SAFE_PAIR_STEPS = 128;

    /** One int8 layer that can saturate: its worst pair of weights, and how many of its output channels can. */
    public record Layer(String node, String op, int worstPairSteps, int channelsAtRisk, int channels) {
    }

    /** The int8 layers found ({@code checked}) and those among them that can saturate. */
    public record Report(int checked, List<Layer> atRisk) {
        public Report {
            atRisk = List.copyOf(atRisk);
        }

        public boolean canSaturate() {
            return !atRisk.isEmpty();
        }

        /** "6 layers with int8 weights; none can saturate …", or which can, worst first; empty without int8 layers. */
        public String summary() {
            if (checked == 0) {
                return "";
            }
            String layers = checked + (checked == 1 ? " layer" : " layers") + " with int8 weights";
            if (!canSaturate()) {
                return layers + "; none can saturate on any CPU (no two same-sign weights of a channel pass "
                        + SAFE_PAIR_STEPS + " steps)";
            }
            String worst = atRisk.stream().sorted((a, b) -> b.worstPairSteps() - a.worstPairSteps()).limit(3)
                    .map(l -> l.node() + " (" + l.worstPairSteps() + " steps)").collect(Collectors.joining(", "));
            return layers + "; " + atRisk.size() + " can saturate on x86 CPUs without VNNI (AVX2), losing accuracy "
                    + "there: " + worst + (atRisk.size() > 3 ? ", …" : "") + "; quantize with reduce_range: auto";
        }
    }

    /**
     * How far one int8 layer's weights reach: of its output channels, how many keep their largest weight below the
     * full 127 steps, and the fewest steps any channel's largest weight keeps.
     */
    public record Reach(String node, String op, int channels, int belowFull, int fewestSteps) {
    }

    private SaturationCheck() {
    }

    /** Every int8 layer's reach, in graph order, for the same layers {@link #of} checks. */
    public static List<Reach> reach(ModelProto model) {
        GraphEdit graph = new GraphEdit(model);
        List<Reach> out = new ArrayList<>();
        for (NodeProto node : graph.nodes()) {
            IntegerWeight.of(graph, node).ifPresent(w -> out.add(w.reach(NodeSelection.displayName(node),
                    node.getOpType())));
        }
        return out;
    }

    public static Report of(ModelProto model) {
        GraphEdit graph = new GraphEdit(model);
        int checked = 0;
        List<Layer> atRisk = new ArrayList<>();
        for (NodeProto node : graph.nodes()) {
            Optional<IntegerWeight> weight = IntegerWeight.of(graph, node);
            if (weight.isEmpty()) {
                continue;
            }
            checked++;
            weight.get().risk(NodeSelection.displayName(node), node.getOpType()).ifPresent(atRisk::add);
        }
        return new Report(checked, atRisk);
    }

    /** An int8 weight as an integer kernel reads it: values, zero point, and which axis holds the output channels. */
    private record IntegerWeight(byte[] values, long[] dims, int outputAxis, int[] zeroPoints, int zeroAxis) {

        static Optional<IntegerWeight> of(GraphEdit graph, NodeProto node) {
            String op = node.getOpType();
            return switch (op) {
                case "MatMulInteger", "ConvInteger" -> direct(graph, node, 1, 3, op.equals("ConvInteger") ? 0 : 1);
                case "DynamicQuantizeMatMul" -> direct(graph, node, 1, 3, 1);
                case "MatMulIntegerToFloat" -> direct(graph, node, 1, 5, 1);
                case "QLinearConv" -> direct(graph, node, 3, 5, 0);
                case "QLinearMatMul" -> direct(graph, node, 3, 5, 1);
                case "QGemm" -> direct(graph, node, 3, 5, WeightStore.attribute(node, "transB") == 1 ? 0 : 1);
                case "Conv", "MatMul", "Gemm" -> behindDequantize(graph, node);
                default -> Optional.empty();
            };
        }

        /** A float op that ONNX Runtime runs in int8: its data and weight both come out of DequantizeLinear. */
        private static Optional<IntegerWeight> behindDequantize(GraphEdit graph, NodeProto node) {
            if (node.getInputCount() < 2 || !fromDequantize(graph, node.getInput(0))) {
                return Optional.empty();
            }
            int outputAxis = node.getOpType().equals("Conv")
                    || node.getOpType().equals("Gemm") && WeightStore.attribute(node, "transB") == 1 ? 0 : 1;
            return graph.producer(node.getInput(1))
                    .filter(dq -> dq.getOpType().equals("DequantizeLinear"))
                    .flatMap(dq -> direct(graph, dq, 0, 2, outputAxis)
                            .map(w -> w.withZeroAxis((int) axis(dq, w.dims().length))));
        }

        private static boolean fromDequantize(GraphEdit graph, String tensor) {
            return graph.producer(tensor).filter(p -> p.getOpType().equals("DequantizeLinear")).isPresent();
        }

        private static Optional<IntegerWeight> direct(GraphEdit graph, NodeProto node, int weightInput,
                int zeroInput, int outputAxis) {
            if (node.getInputCount() <= weightInput) {
                return Optional.empty();
            }
            Optional<TensorProto> weight = graph.initializer(node.getInput(weightInput))
                    .filter(t -> t.getDataType() == TensorProto.DataType.INT8_VALUE && t.getDimsCount() >= 2);
            if (weight.isEmpty()) {
                return Optional.empty();
            }
            int[] zeros = node.getInputCount() > zeroInput && !node.getInput(zeroInput).isEmpty()
                    ? graph.initializer(node.getInput(zeroInput)).map(IntegerWeight::int8s).map(IntegerWeight::widen)
                            .orElse(new int[1])
                    : new int[1];
            long[] dims = Tensors.dims(weight.get());
            byte[] values = int8s(weight.get());
            return consistent(dims, values.length)
                    ? Optional.of(new IntegerWeight(values, dims, outputAxis, zeros, outputAxis)) : Optional.empty();
        }

        /** A weight whose sizes do not match its values is not one a kernel runs; ONNX Runtime refuses it. */
        private static boolean consistent(long[] dims, int count) {
            long product = 1;
            for (long d : dims) {
                if (d <= 0 || d > count) {
                    return false;
                }
                product *= d;
            }
            return product == count;
        }

        IntegerWeight withZeroAxis(int axis) {
            return new IntegerWeight(values, dims, outputAxis, zeroPoints, axis >= 0 && axis < dims.length ? axis
                    : outputAxis);
        }

        Reach reach(String node, String op) {
            ChannelPeaks peaks = peaks();
            int below = 0;
            int fewest = Integer.MAX_VALUE;
            for (int c = 0; c < peaks.channels(); c++) {
                int steps = (int) peaks.absMax(c);
                below += steps < 127 ? 1 : 0;
                fewest = Math.min(fewest, steps);
            }
            return new Reach(node, op, peaks.channels(), below, fewest == Integer.MAX_VALUE ? 0 : fewest);
        }

        private ChannelPeaks peaks() {
            int channels = (int) dims[outputAxis];
            long outputStride = stride(outputAxis);
            long zeroStride = stride(zeroAxis);
            int zeroChannels = (int) dims[zeroAxis];
            ChannelPeaks peaks = new ChannelPeaks(channels);
            for (int i = 0; i < values.length; i++) {
                int zero = zeroPoints.length != zeroChannels ? zeroPoints[0]
                        : zeroPoints[QuantizedWeight.channel(i, zeroStride, zeroChannels)];
                peaks.add(QuantizedWeight.channel(i, outputStride, channels), values[i] - zero);
            }
            return peaks;
        }

        Optional<Layer> risk(String node, String op) {
            int channels = (int) dims[outputAxis];
            ChannelPeaks peaks = peaks();
            int worst = 0;
            int risky = 0;
            for (int c = 0; c < channels; c++) {
                int pair = (int) peaks.pairMax(c);
                worst = Math.max(worst, pair);
                risky += pair > SAFE_PAIR_STEPS ? 1 : 0;
            }
            return risky == 0 ? Optional.empty() : Optional.of(new Layer(node, op, worst, risky, channels));
        }

        private long stride(int axis) {
            long s = 1;
            for (int d = axis + 1; d < dims.length; d++) {
                s *= dims[d];
            }
            return s;
        }

        private static long axis(NodeProto dq, int rank) {
            long a = dq.getAttributeList().stream().filter(x -> x.getName().equals("axis"))
                    .mapToLong(AttributeProto::getI).findFirst().orElse(1);
            return a < 0 ? a + rank : a;
        }

        private static byte[] int8s(TensorProto t) {
            if (!t.getRawData().isEmpty()) {
                return t.getRawData().toByteArray();
            }
            byte[] out = new byte[t.getInt32DataCount()];
            for (int i = 0; i < out.length; i++) {
                out[i] = (byte) t.getInt32Data(i);
            }
            return out;
        }

        private static int[] widen(byte[] bytes) {
            int[] out = new int[Math.max(1, bytes.length)];
            for (int i = 0; i < bytes.length; i++) {
                out[i] = bytes[i];
            }
            return out;
        }
    }
}
