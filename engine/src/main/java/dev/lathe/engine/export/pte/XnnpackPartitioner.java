package dev.lathe.engine.export.pte;

import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Claims maximal runs of consecutive nodes that XNNPACK runs and turns each run into one {@code XnnpackBackend}
 * delegate call; the nodes between runs go to the portable kernels. ONNX nodes are in topological order, so a run of
 * consecutive nodes is convex: no path leaves it and comes back.
 */
final class XnnpackPartitioner {
    static final String BACKEND = "XnnpackBackend";

    private final LoweringContext ctx;
    private final List<NodeProto> nodes;
    private final Map<String, List<Integer>> consumers = new HashMap<>();
    private final Set<String> graphOutputs = new HashSet<>();
    private final Map<String, OnnxMl.TensorProto> initializers = new HashMap<>();
    private final Map<String, QuantizedConstant> quantized = new HashMap<>();
    private int index;
    private XnnRun run;
    private int delegates;

    XnnpackPartitioner(LoweringContext ctx, OnnxMl.GraphProto graph) {
        this.ctx = ctx;
        this.nodes = graph.getNodeList();
        for (int i = 0; i < nodes.size(); i++) {
            for (String input : nodes.get(i).getInputList()) {
                consumers.computeIfAbsent(input, k -> new ArrayList<>()).add(i);
            }
        }
        graph.getOutputList().forEach(o -> graphOutputs.add(o.getName()));
        graph.getInitializerList().forEach(t -> initializers.put(t.getName(), t));
    }

    LoweringContext ctx() {
        return ctx;
    }

    XnnRun run() {
        return run;
    }

    void at(int nodeIndex) {
        index = nodeIndex;
    }

    int delegateCalls() {
        return delegates;
    }

    /**
     * A DequantizeLinear of an integer initializer becomes a float constant for whoever reads it, and its integer
     * form is kept for XNNPACK's int8 kernels.
     */
    boolean foldsQuantizedConstant() throws PteExportException {
        NodeProto node = ctx.node();
        if (!node.getOpType().equals("DequantizeLinear") || !initializers.containsKey(node.getInput(0))) {
            return false;
        }
        OnnxMl.TensorProto t = initializers.get(node.getInput(0));
        Optional<int[]> values = QuantizedConstant.integers(t);
        float[] scales = ctx.requireConstant(1, "scale").floats();
        if (values.isEmpty() || scales == null) {
            throw ctx.fail("dequantizes a tensor of ONNX type " + t.getDataType()
                    + "; int8, uint8 and int32 weights are exported");
        }
        int[] zeroPoints = new int[scales.length];
        if (ctx.input(2).isPresent()) {
            OnnxMl.TensorProto zp = initializers.get(ctx.inputName(2));
            if (zp == null) {
                throw ctx.fail("needs a constant zero point");
            }
            zeroPoints = QuantizedConstant.integers(zp).orElseThrow(() -> ctx.fail("has a zero point of type "
                    + zp.getDataType()));
        }
        long[] shape = t.getDimsList().stream().mapToLong(Long::longValue).toArray();
        int axis = scales.length == 1 ? 0 : Shapes.axis(ctx.attributes().integer("axis", 1), shape.length);
        QuantizedConstant q = new QuantizedConstant(shape, values.get(), scales, zeroPoints, axis,
                QuantizedConstant.isInt8(t));
        quantized.put(node.getOutput(0), q);
        ctx.defineConstant(node.getOutput(0), new OnnxConstant(node.getOutput(0), shape, q.dequantized(), null));
        return true;
    }

    Optional<QuantizedConstant> quantizedConstant(int input) {
        return ctx.input(input).map(quantized::get);
    }

    boolean claims() throws PteExportException {
        NodeProto node = ctx.node();
        boolean defaultDomain = node.getDomain().isEmpty() || node.getDomain().equals("ai.onnx");
        Optional<XnnOp> op = XnnOps.op(node.getOpType());
        return defaultDomain && op.isPresent() && op.get().claims(this);
    }

    void lower() throws PteExportException {
        if (run == null) {
            run = new XnnRun(ctx);
        }
        XnnOps.op(ctx.node().getOpType()).orElseThrow().lower(this);
    }

    /** Ends the open run, if any: values read after node {@code index} become its outputs. */
    void close() {
        if (run == null) {
            return;
        }
        List<String> needed = new ArrayList<>();
        for (String name : run.names()) {
            boolean readLater = consumers.getOrDefault(name, List.of()).stream().anyMatch(c -> c >= index);
            if (run.defines(name) && (readLater || graphOutputs.contains(name))) {
                needed.add(name);
            }
        }
        if (run.close(needed, ctx.program(), BACKEND)) {
            delegates++;
        }
        run = null;
    }

    /**
     * The int8 parameters a value is requantized with when its only reader is a per-tensor QuantizeLinear (as a QDQ
     * model writes every quantized op's output), else empty: the value stays fp32.
     */
    Optional<XnnGraph.PerTensor> requantization(String name) {
        List<Integer> readers = consumers.getOrDefault(name, List.of());
        if (readers.size() != 1 || graphOutputs.contains(name)) {
            return Optional.empty();
        }
        NodeProto reader = nodes.get(readers.get(0));
        return reader.getOpType().equals("QuantizeLinear") ? quantParams(reader) : Optional.empty();
    }

    /**
     * A QuantizeLinear's or DequantizeLinear's per-tensor parameters as XNNPACK's signed int8: a uint8 zero point z
     * becomes z − 128 (the same grid, shifted), an int8 one is kept.
     */
    Optional<XnnGraph.PerTensor> quantParams(NodeProto node) {
        if (node.getInputCount() < 2) {
            return Optional.empty();
        }
        Optional<float[]> scale = ctx.constantNamed(node.getInput(1)).map(OnnxConstant::floats);
        if (scale.isEmpty() || scale.get() == null || scale.get().length != 1) {
            return Optional.empty();
        }
        int zeroPoint = -128;
        if (node.getInputCount() > 2 && !node.getInput(2).isEmpty()) {
            OnnxMl.TensorProto zp = initializers.get(node.getInput(2));
            Optional<int[]> value = zp == null ? Optional.empty() : QuantizedConstant.integers(zp);
            if (value.isEmpty() || value.get().length != 1 || zp.getDataType() > 3) {
                return Optional.empty();
            }
            zeroPoint = QuantizedConstant.isInt8(zp) ? value.get()[0] : value.get()[0] - 128;
        }
        return Optional.of(new XnnGraph.PerTensor(scale.get()[0], zeroPoint));
    }
}
