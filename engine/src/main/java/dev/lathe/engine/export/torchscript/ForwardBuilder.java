package dev.lathe.engine.export.torchscript;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What a node's lowering sees and writes: the ONNX names already computed (as TorchScript variables), the
 * constants known at export time (float ones become the module's tensors on first use, integer ones literals),
 * and the lines of {@code forward} so far.
 */
final class ForwardBuilder {
    private final String modelName;
    private final int opset;
    private final Map<String, Constant> constants;
    private final Map<String, String> variables = new HashMap<>();
    private final Map<String, String> attributes = new HashMap<>();
    private final List<ScriptTensor> tensors = new ArrayList<>();
    private final Identifiers locals = new Identifiers();
    private final Identifiers fields = new Identifiers();
    private final StringBuilder body = new StringBuilder();
    private NodeProto node;

    ForwardBuilder(String modelName, int opset, Map<String, Constant> constants) {
        this.modelName = modelName;
        this.opset = opset;
        this.constants = constants;
    }

    int opset() {
        return opset;
    }

    void at(NodeProto current) {
        node = current;
    }

    NodeProto node() {
        return node;
    }

    /** An ONNX value computed by forward (a graph input or a node's output), as a TorchScript variable. */
    String define(String onnxName) {
        String name = locals.of(onnxName);
        variables.put(onnxName, name);
        return name;
    }

    void defineConstant(String onnxName, Constant value) {
        constants.put(onnxName, value);
    }

    void line(String code) {
        body.append("    ").append(code).append('\n');
    }

    /** Assigns {@code expression} to output {@code i}. */
    void assign(int i, String expression) {
        line(define(node.getOutput(i)) + " = " + expression);
    }

    /** Input {@code i} as an expression; a float constant becomes a buffer of the module. */
    String in(int i) throws TorchScriptExportException {
        return tensor(name(i), false);
    }

    /** Input {@code i} as a weight: a float constant becomes a parameter of the module. */
    String weight(int i) throws TorchScriptExportException {
        return tensor(name(i), true);
    }

    /** Input {@code i} when present, else {@code None}. */
    String optionalWeight(int i) throws TorchScriptExportException {
        return present(i) ? weight(i) : "None";
    }

    String expression(String onnxName) throws TorchScriptExportException {
        return tensor(onnxName, false);
    }

    boolean present(int i) {
        return i < node.getInputCount() && !node.getInput(i).isEmpty();
    }

    /** The constant at input {@code i}, when one is known at export time. */
    Optional<Constant> constant(int i) {
        return present(i) && !variables.containsKey(node.getInput(i)) ? Optional.ofNullable(
                constants.get(node.getInput(i))) : Optional.empty();
    }

    /** An integer constant input (a shape, axes, pads) as longs. */
    Optional<long[]> ints(int i) throws TorchScriptExportException {
        Optional<Constant> c = constant(i);
        if (present(i) && (c.isEmpty() || c.get().longs().isEmpty())) {
            throw fail("takes input " + i + " ('" + node.getInput(i) + "') from a computed tensor; only an "
                    + "integer constant is exported there");
        }
        return c.flatMap(Constant::longs);
    }

    /** A float constant input with one value (a bound, a fill value), as a literal. */
    Optional<String> scalar(int i) throws TorchScriptExportException {
        Optional<Constant> c = constant(i);
        if (present(i) && (c.isEmpty() || !c.get().isFloat() || c.get().floats().get().length != 1)) {
            throw fail("takes input " + i + " ('" + node.getInput(i) + "') from a computed tensor; only a float "
                    + "constant of one value is exported there");
        }
        return c.map(k -> literal(k.floats().get()[0]));
    }

    Optional<AttributeProto> attribute(String name) {
        return node.getAttributeList().stream().filter(a -> a.getName().equals(name)).findFirst();
    }

    long integer(String name, long fallback) {
        return attribute(name).map(AttributeProto::getI).orElse(fallback);
    }

    float real(String name, float fallback) {
        return attribute(name).map(AttributeProto::getF).orElse(fallback);
    }

    String text(String name, String fallback) {
        return attribute(name).map(a -> a.getS().toStringUtf8()).orElse(fallback);
    }

    Optional<long[]> ints(String name) {
        return attribute(name).map(a -> a.getIntsList().stream().mapToLong(Long::longValue).toArray());
    }

    TorchScriptExportException fail(String problem) {
        return new TorchScriptExportException(modelName + ": " + node.getOpType() + " node '" + node.getName()
                + "' " + problem + ".");
    }

    List<ScriptTensor> tensors() {
        return List.copyOf(tensors);
    }

    String body() {
        return body.toString();
    }

    static String list(long... values) {
        return Arrays.stream(values).mapToObj(Long::toString).collect(Collectors.joining(", ", "[", "]"));
    }

    /** A float as TorchScript reads it back to the same float32. */
    static String literal(float value) {
        if (Float.isInfinite(value) || Float.isNaN(value)) {
            throw new IllegalArgumentException("no literal for " + value);
        }
        return Double.toString(value).replace('E', 'e');
    }

    private String name(int i) throws TorchScriptExportException {
        if (!present(i)) {
            throw fail("needs input " + i);
        }
        return node.getInput(i);
    }

    private String tensor(String onnxName, boolean parameter) throws TorchScriptExportException {
        String variable = variables.get(onnxName);
        if (variable != null) {
            return variable;
        }
        String field = attributes.get(onnxName);
        if (field == null) {
            Constant c = constants.get(onnxName);
            if (c == null) {
                throw fail("reads '" + onnxName + "', which no earlier node produces");
            }
            if (!c.isFloat()) {
                throw fail("reads the constant '" + onnxName + "' as a tensor; only float32 constants become "
                        + "the module's tensors");
            }
            field = fields.of(onnxName);
            tensors.add(ScriptTensor.floats(field, c.shape(), c.floats().get(), parameter));
            attributes.put(onnxName, field);
        }
        return "self." + field;
    }
}
