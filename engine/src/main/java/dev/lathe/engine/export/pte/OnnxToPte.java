package dev.lathe.engine.export.pte;

import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto.Dimension;
import dev.lathe.engine.model.onnx.OnnxModel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Lowers an ONNX graph onto Edge-dialect portable kernels and serializes it as a {@code .pte}. Shapes are static:
 * each dynamic dimension of an input takes the caller's shape, else 1.
 */
public final class OnnxToPte {
    public static final String METHOD = "forward";
    private static final int FLOAT = 1;

    private OnnxToPte() {
    }

    /**
     * @param name        the model's file name, for messages
     * @param inputShape  the first input's full shape, fixing its dynamic dimensions
     */
    public static PteExport export(OnnxModel model, String name, Optional<long[]> inputShape)
            throws PteExportException {
        return export(model, name, inputShape, PteDelegate.NONE);
    }

    /**
     * @param delegate XNNPACK to hand it the runs of nodes it takes (each run one delegate call), or none
     */
    public static PteExport export(OnnxModel model, String name, Optional<long[]> inputShape, PteDelegate delegate)
            throws PteExportException {
        OnnxMl.GraphProto graph = model.proto().getGraph();
        List<String> notes = new ArrayList<>();
        Optional<String> portableOnly = delegate == PteDelegate.XNNPACK ? portableOnly(graph) : Optional.empty();
        if (portableOnly.isPresent()) {
            notes.add("the XNNPACK delegate was asked for, but " + portableOnly.get() + ", which it does not take "
                    + "here: the whole program runs on portable kernels");
            delegate = PteDelegate.NONE;
        }
        refuseUnsupported(graph, name, delegate);
        Map<String, OnnxConstant> constants = new HashMap<>();
        graph.getInitializerList().forEach(t -> constants.put(t.getName(), OnnxConstant.of(t)));
        ProgramBuilder program = new ProgramBuilder();
        LoweringContext ctx = new LoweringContext(name, program, constants, opset(model.proto()));
        List<Integer> inputs = new ArrayList<>();
        List<List<Long>> shapes = new ArrayList<>();
        for (OnnxMl.ValueInfoProto input : graph.getInputList()) {
            if (constants.containsKey(input.getName())) {
                continue;
            }
            long[] shape = inputShape(name, input, inputs.isEmpty() ? inputShape : Optional.empty());
            int value = program.activation(ScalarType.FLOAT, Shapes.list(shape));
            ctx.define(input.getName(), value, shape);
            inputs.add(value);
            shapes.add(Shapes.list(shape));
        }
        XnnpackPartitioner xnn = delegate == PteDelegate.XNNPACK ? new XnnpackPartitioner(ctx, graph) : null;
        for (int i = 0; i < graph.getNodeCount(); i++) {
            NodeProto node = graph.getNode(i);
            ctx.at(node);
            if (xnn != null) {
                xnn.at(i);
            }
            if (node.getOpType().equals("Constant")) {
                constant(ctx, node);
            } else if (ConstantFolding.fold(ctx) || (xnn != null && xnn.foldsQuantizedConstant())) {
                continue;
            } else if (xnn != null && xnn.claims()) {
                xnn.lower();
            } else {
                if (xnn != null) {
                    xnn.close();
                }
                EdgeOps.lowering(node).orElseThrow(() -> ctx.fail("has no portable kernel and the "
                        + "XNNPACK delegate does not take it as it is (it takes per-tensor int8/uint8 activations "
                        + "and int8 weights)")).lower(ctx);
            }
        }
        if (xnn != null) {
            xnn.at(graph.getNodeCount());
            xnn.close();
        }
        List<Integer> outputs = new ArrayList<>();
        for (OnnxMl.ValueInfoProto output : graph.getOutputList()) {
            int value = ctx.lowered(output.getName()).orElseThrow(() -> new PteExportException(name + ": output '"
                    + output.getName() + "' is a constant or an input; ExecuTorch outputs must be computed"));
            if (inputs.contains(value) || outputs.contains(value)) {
                throw new PteExportException(name + ": output '" + output.getName()
                        + "' repeats an input or another output; ExecuTorch outputs need their own tensors");
            }
            outputs.add(value);
        }
        ProgramBuilder.Planned planned = program.finish(METHOD, inputs, outputs);
        return new PteExport(PteWriter.write(planned.program()), planned.program(), planned.plan(),
                planned.operatorCounts(), shapes, notes);
    }

    /**
     * Why a model goes to portable kernels whole even when XNNPACK is asked for: dynamic int8 (activations quantized
     * at run time) and float16 compute, which this partitioner does not hand to XNNPACK.
     */
    private static Optional<String> portableOnly(OnnxMl.GraphProto graph) {
        if (graph.getNodeList().stream().anyMatch(n -> DynamicQuantLowerings.OPS.contains(n.getOpType()))) {
            return Optional.of("the model is dynamic int8 (its activations are quantized at run time)");
        }
        boolean half = graph.getInitializerList().stream().anyMatch(t -> t.getDataType() == OnnxConstant.ONNX_FLOAT16)
                || graph.getNodeList().stream().anyMatch(n -> n.getOpType().equals("Cast") && n.getAttributeList()
                        .stream().anyMatch(a -> a.getName().equals("to") && a.getI() == OnnxConstant.ONNX_FLOAT16));
        return half ? Optional.of("the model computes in float16") : Optional.empty();
    }

    /** Every node without a lowering, named in one message, so a user sees the whole list at once. */
    private static void refuseUnsupported(OnnxMl.GraphProto graph, String name, PteDelegate delegate)
            throws PteExportException {
        Set<String> missing = new LinkedHashSet<>();
        for (NodeProto node : graph.getNodeList()) {
            boolean defaultDomain = node.getDomain().isEmpty() || node.getDomain().equals("ai.onnx");
            boolean known = EdgeOps.lowering(node).isPresent() || defaultDomain && (node.getOpType().equals("Constant")
                    || ConstantFolding.FOLD_ONLY.contains(node.getOpType())
                    || (delegate == PteDelegate.XNNPACK && XnnOps.op(node.getOpType()).isPresent()));
            if (!known) {
                String op = defaultDomain ? node.getOpType() : node.getDomain() + "." + node.getOpType();
                missing.add(op + " ('" + node.getName() + "')");
            }
        }
        if (!missing.isEmpty()) {
            throw new PteExportException(name + ": ExecuTorch export has no lowering for " + missing.size()
                    + (missing.size() == 1 ? " node: " : " nodes: ") + String.join(", ", missing)
                    + ". Supported: " + String.join(", ", EdgeOps.supported())
                    + (delegate == PteDelegate.XNNPACK ? "; with the XNNPACK delegate also "
                            + String.join(", ", XnnOps.supported()) : "") + ".");
        }
    }

    private static long[] inputShape(String name, OnnxMl.ValueInfoProto input, Optional<long[]> given)
            throws PteExportException {
        OnnxMl.TypeProto.Tensor type = input.getType().getTensorType();
        if (type.getElemType() != FLOAT) {
            throw new PteExportException(name + ": input '" + input.getName()
                    + "' is not float32; only float32 inputs are exported");
        }
        List<Dimension> dims = type.getShape().getDimList();
        if (given.isPresent()) {
            long[] shape = given.get();
            boolean fits = shape.length == dims.size();
            for (int i = 0; fits && i < dims.size(); i++) {
                fits = !dims.get(i).hasDimValue() || dims.get(i).getDimValue() == shape[i];
            }
            if (!fits) {
                throw new PteExportException(name + ": input '" + input.getName() + "' has shape "
                        + describe(dims) + "; the input shape " + Shapes.text(shape) + " does not fit it");
            }
            return shape.clone();
        }
        long[] shape = new long[dims.size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = dims.get(i).hasDimValue() && dims.get(i).getDimValue() > 0 ? dims.get(i).getDimValue() : 1;
        }
        return shape;
    }

    private static String describe(List<Dimension> dims) {
        List<String> parts = new ArrayList<>();
        dims.forEach(d -> parts.add(d.hasDimValue() ? Long.toString(d.getDimValue()) : d.getDimParam()));
        return String.join("×", parts);
    }

    private static void constant(LoweringContext ctx, NodeProto node) throws PteExportException {
        OnnxMl.AttributeProto value = node.getAttributeList().stream().filter(a -> a.getName().equals("value"))
                .findFirst().orElseThrow(() -> ctx.fail("has no tensor 'value'; only tensor constants are exported"));
        ctx.defineConstant(node.getOutput(0), OnnxConstant.of(value.getT()));
    }

    private static int opset(OnnxMl.ModelProto model) {
        return model.getOpsetImportList().stream().filter(o -> o.getDomain().isEmpty() || o.getDomain()
                .equals("ai.onnx")).mapToInt(o -> (int) o.getVersion()).findFirst().orElse(13);
    }
}
