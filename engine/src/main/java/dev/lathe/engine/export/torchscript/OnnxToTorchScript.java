package dev.lathe.engine.export.torchscript;

import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.NodeProto;
import dev.lathe.engine.model.onnx.OnnxModel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Writes an ONNX graph as a TorchScript module: each node one line of {@code forward} calling an aten op
 * ({@code torch.conv2d}, {@code torch.linear}…), float constants as the module's tensors (weights as parameters,
 * the rest as buffers). Shapes stay dynamic, as TorchScript's are. In bf16 the tensors are stored as bfloat16 and
 * forward casts its inputs to bfloat16 and its outputs back to float32.
 */
public final class OnnxToTorchScript {
    public enum Precision { FP32, BF16 }

    private static final int FLOAT = 1;

    private OnnxToTorchScript() {
    }

    /** @param name the model's file name, for messages and the archive's folder and class */
    public static TorchScriptExport export(OnnxModel model, String name, Precision precision)
            throws TorchScriptExportException {
        OnnxMl.GraphProto graph = model.proto().getGraph();
        refuseUnsupported(graph, name);
        Map<String, Constant> constants = new HashMap<>();
        graph.getInitializerList().forEach(t -> constants.put(t.getName(), Constant.of(t)));
        ForwardBuilder f = new ForwardBuilder(name, opset(model.proto()), constants);
        boolean bf16 = precision == Precision.BF16;
        List<String> inputs = new ArrayList<>();
        for (OnnxMl.ValueInfoProto input : graph.getInputList()) {
            if (constants.containsKey(input.getName())) {
                continue;
            }
            if (input.getType().getTensorType().getElemType() != FLOAT) {
                throw new TorchScriptExportException(name + ": input '" + input.getName() + "' is not float32; "
                        + "only float32 inputs are exported");
            }
            String variable = f.define(input.getName());
            inputs.add(variable);
            if (bf16) {
                f.line(variable + " = torch.to(" + variable + ", " + ScalarType.BFLOAT16.code()
                        + ", False, False, None)");
            }
        }
        Map<String, Integer> ops = new TreeMap<>();
        for (NodeProto node : graph.getNodeList()) {
            f.at(node);
            ops.merge(node.getOpType(), 1, Integer::sum);
            if (node.getOpType().equals("Constant")) {
                constant(f, node);
            } else if (node.getOpType().equals("ConstantOfShape")) {
                filled(f, node);
            } else {
                TorchOps.lowering(node.getOpType()).orElseThrow().lower(f);
            }
        }
        List<String> outputs = new ArrayList<>();
        for (OnnxMl.ValueInfoProto output : graph.getOutputList()) {
            String value = f.expression(output.getName());
            outputs.add(bf16 ? "torch.to(" + value + ", " + ScalarType.FLOAT.code() + ", False, False, None)"
                    : value);
        }
        String className = className(name);
        List<ScriptTensor> tensors = f.tensors().stream().map(t -> bf16 ? t.toBfloat16() : t).toList();
        String forward = signature(className, inputs, outputs.size()) + f.body() + "    return "
                + (outputs.size() == 1 ? outputs.get(0) : "(" + String.join(", ", outputs) + ")") + "\n";
        ScriptModule module = new ScriptModule(className, tensors, forward);
        byte[] bytes = ArchiveWriter.write(module, folder(name));
        long parameters = tensors.stream().filter(ScriptTensor::parameter).mapToLong(ScriptTensor::elements).sum();
        long all = tensors.stream().mapToLong(ScriptTensor::elements).sum();
        return new TorchScriptExport(bytes, module.qualifiedName(), module.source(),
                precision.name().toLowerCase(Locale.ROOT), ops, parameters, all - parameters,
                tensors.stream().mapToLong(t -> t.data().length).sum(), ArchiveWriter.FILE_FORMAT_VERSION, inputs,
                graph.getOutputList().stream().map(OnnxMl.ValueInfoProto::getName).toList());
    }

    /** Every node without a lowering, named in one message, so a user sees the whole list at once. */
    private static void refuseUnsupported(OnnxMl.GraphProto graph, String name) throws TorchScriptExportException {
        Set<String> missing = new LinkedHashSet<>();
        for (NodeProto node : graph.getNodeList()) {
            boolean defaultDomain = node.getDomain().isEmpty() || node.getDomain().equals("ai.onnx");
            boolean known = TorchOps.supported().contains(node.getOpType());
            if (!known || !defaultDomain) {
                String op = defaultDomain ? node.getOpType() : node.getDomain() + "." + node.getOpType();
                missing.add(op + " ('" + node.getName() + "')");
            }
        }
        if (!missing.isEmpty()) {
            throw new TorchScriptExportException(name + ": TorchScript export has no lowering for " + missing.size()
                    + (missing.size() == 1 ? " node: " : " nodes: ") + String.join(", ", missing) + ". Supported: "
                    + String.join(", ", TorchOps.supported()) + ". QDQ int8 models (QuantizeLinear, "
                    + "DequantizeLinear) are not exported: export the float model they were quantized from.");
        }
    }

    private static void constant(ForwardBuilder f, NodeProto node) throws TorchScriptExportException {
        OnnxMl.AttributeProto value = f.attribute("value").orElseThrow(() -> f.fail("has no tensor 'value'; only "
                + "tensor constants are exported"));
        f.defineConstant(node.getOutput(0), Constant.of(value.getT().toBuilder().setName(node.getOutput(0)).build()));
    }

    /** ConstantOfShape of a constant shape: a float constant, held by the module like any other. */
    private static void filled(ForwardBuilder f, NodeProto node) throws TorchScriptExportException {
        long[] shape = f.ints(0).orElseThrow(() -> f.fail("needs its shape"));
        Constant value = f.attribute("value").map(a -> Constant.of(a.getT())).orElse(new Constant("value",
                new long[] {1}, java.util.Optional.of(new float[1]), java.util.Optional.empty()));
        if (!value.isFloat()) {
            throw f.fail("fills with a value that is not float32; only float fills are exported");
        }
        float[] values = new float[Math.toIntExact(java.util.Arrays.stream(shape).reduce(1, Math::multiplyExact))];
        java.util.Arrays.fill(values, value.floats().get()[0]);
        f.defineConstant(node.getOutput(0), new Constant(node.getOutput(0), shape, java.util.Optional.of(values),
                java.util.Optional.empty()));
    }

    private static String signature(String className, List<String> inputs, int outputs) {
        StringBuilder def = new StringBuilder("  def forward(self: __torch__.").append(className);
        inputs.forEach(i -> def.append(",\n    ").append(i).append(": Tensor"));
        return def.append(") -> ").append(outputs == 1 ? "Tensor" : "Tuple[" + String.join(", ",
                java.util.Collections.nCopies(outputs, "Tensor")) + "]").append(":\n").toString();
    }

    /** {@code cnn.int8-static.onnx} gives {@code CnnInt8Static}. */
    static String className(String modelName) {
        StringBuilder name = new StringBuilder();
        for (String part : folder(modelName).split("_+")) {
            if (!part.isEmpty()) {
                name.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return name.length() == 0 || !Character.isLetter(name.charAt(0)) ? "Model" + name : name.toString();
    }

    /** The archive's top folder: the file's stem with letters, digits and underscores only. */
    static String folder(String modelName) {
        int dot = modelName.lastIndexOf('.');
        String stem = dot > 0 ? modelName.substring(0, dot) : modelName;
        String folder = stem.replaceAll("[^A-Za-z0-9_]", "_");
        return folder.isEmpty() ? "model" : folder;
    }

    private static int opset(OnnxMl.ModelProto model) {
        return model.getOpsetImportList().stream().filter(o -> o.getDomain().isEmpty() || o.getDomain()
                .equals("ai.onnx")).mapToInt(o -> (int) o.getVersion()).findFirst().orElse(13);
    }
}
