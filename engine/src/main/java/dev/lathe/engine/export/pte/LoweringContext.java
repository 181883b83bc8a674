package dev.lathe.engine.export.pte;

import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a node's lowering sees: the ONNX names already lowered (value index and static shape), the constants it may
 * read at export time, and the program it appends to.
 */
public final class LoweringContext {
    private final ProgramBuilder program;
    private final Map<String, Integer> lowered = new HashMap<>();
    private final Map<String, long[]> shapes = new HashMap<>();
    private final Map<String, OnnxConstant> constants;
    private final int opset;
    private final String modelName;
    private NodeProto node;

    LoweringContext(String modelName, ProgramBuilder program, Map<String, OnnxConstant> constants, int opset) {
        this.modelName = modelName;
        this.program = program;
        this.constants = constants;
        this.opset = opset;
    }

    public ProgramBuilder program() {
        return program;
    }

    int opset() {
        return opset;
    }

    void at(NodeProto current) {
        this.node = current;
    }

    NodeProto node() {
        return node;
    }

    Attributes attributes() {
        return new Attributes(node);
    }

    /** The node's input {@code i}, or empty when it is absent or named "" (ONNX's optional input). */
    Optional<String> input(int i) {
        return i < node.getInputCount() && !node.getInput(i).isEmpty() ? Optional.of(node.getInput(i))
                : Optional.empty();
    }

    String inputName(int i) throws PteExportException {
        return input(i).orElseThrow(() -> fail("needs input " + i));
    }

    /** The value index of input {@code i}; a constant becomes a tensor in the constant segment on first use. */
    int tensor(int i) throws PteExportException {
        return tensor(inputName(i));
    }

    int tensor(String name) throws PteExportException {
        Integer index = lowered.get(name);
        if (index != null) {
            return index;
        }
        OnnxConstant c = constants.get(name);
        if (c == null) {
            throw fail("reads '" + name + "', which no earlier node produces");
        }
        if (!c.isFloat() && !c.isHalf()) {
            throw fail("reads the non-float constant '" + name + "' as a tensor; float32 and float16 constants are "
                    + "exported (int8 ones behind a DequantizeLinear)");
        }
        int value = c.isHalf() ? program.constant(ScalarType.HALF, Shapes.list(c.shape()), c.stored())
                : program.constant(ScalarType.FLOAT, Shapes.list(c.shape()), c.data());
        define(name, value, c.shape());
        return value;
    }

    /** An integer or float16 constant as stored (int8 weights stay int8), for a dequantizing kernel to read. */
    int storedConstant(String name) throws PteExportException {
        Integer index = lowered.get(name);
        if (index != null) {
            return index;
        }
        OnnxConstant c = constants.get(name);
        if (c == null || !(c.isQuantizedInteger() || c.isHalf() || c.isFloat())) {
            throw fail("reads '" + name + "', which is neither an earlier node's output nor a constant of a type "
                    + "exported (float32, float16, int8, uint8, int32)");
        }
        int value = program.constant(c.storedType(), Shapes.list(c.shape()), c.stored());
        define(name, value, c.shape());
        return value;
    }

    /** The program's element type of input {@code i}: what it was lowered as, or what its constant holds. */
    ScalarType type(int i) throws PteExportException {
        String name = inputName(i);
        Integer index = lowered.get(name);
        if (index != null) {
            return program.tensor(index).type();
        }
        OnnxConstant c = constants.get(name);
        if (c == null) {
            throw fail("reads '" + name + "', which no earlier node produces");
        }
        return c.isHalf() ? ScalarType.HALF : c.isFloat() ? ScalarType.FLOAT : c.storedType();
    }

    /**
     * The floating type the node computes in: float16 when its first floating input is (a half-precision variant),
     * else float32.
     */
    ScalarType computeType() {
        for (int i = 0; i < node.getInputCount(); i++) {
            if (node.getInput(i).isEmpty()) {
                continue;
            }
            try {
                ScalarType t = type(i);
                if (t.isFloating()) {
                    return t;
                }
            } catch (PteExportException e) {
                return ScalarType.FLOAT;
            }
        }
        return ScalarType.FLOAT;
    }

    long[] shape(int i) throws PteExportException {
        String name = inputName(i);
        if (shapes.containsKey(name)) {
            return shapes.get(name).clone();
        }
        OnnxConstant c = constants.get(name);
        if (c == null) {
            throw fail("reads '" + name + "', which no earlier node produces");
        }
        return c.shape().clone();
    }

    Optional<OnnxConstant> constant(int i) {
        return input(i).filter(n -> !lowered.containsKey(n)).map(constants::get);
    }

    OnnxConstant requireConstant(int i, String what) throws PteExportException {
        return constant(i).orElseThrow(() -> fail("needs a constant for input " + i + " (" + what
                + "); one computed from tensors is not exported"));
    }

    /** An activation for output {@code i} of the node, in the type the node computes in. */
    int output(int i, long[] shape) {
        return output(i, shape, computeType());
    }

    int output(int i, long[] shape, ScalarType type) {
        int value = program.activation(type, Shapes.list(shape));
        define(node.getOutput(i), value, shape);
        return value;
    }

    /** A tensor only this node's kernels use; {@code FLOAT} means the type the node computes in. */
    int scratch(ScalarType type, long[] shape) {
        return program.activation(type == ScalarType.FLOAT ? computeType() : type, Shapes.list(shape));
    }

    void define(String name, int value, long[] shape) {
        lowered.put(name, value);
        shapes.put(name, shape.clone());
    }

    /** The shape of a value computed outside the portable program (inside a delegate), for later nodes to read. */
    void defineShape(String name, long[] shape) {
        shapes.put(name, shape.clone());
    }

    /** The constant named {@code name}, whether or not a kernel already reads it as a tensor. */
    Optional<OnnxConstant> constantNamed(String name) {
        return Optional.ofNullable(constants.get(name));
    }

    String modelName() {
        return modelName;
    }

    void defineConstant(String name, OnnxConstant value) {
        constants.put(name, value);
    }

    Optional<Integer> lowered(String name) {
        return Optional.ofNullable(lowered.get(name));
    }

    int ints(long... items) {
        return program.ints(Shapes.list(items));
    }

    PteExportException fail(String problem) {
        return new PteExportException(modelName + ": " + node.getOpType() + " node '" + node.getName() + "' " + problem + ".");
    }
}
