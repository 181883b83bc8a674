package dev.lathe.engine.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import dev.lathe.engine.model.onnx.OnnxModel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An ONNX graph as a trainable DJL block. Each float tensor constant a node computes with (embedding tables
 * included) becomes a {@link Parameter} named like its initializer, so training changes exactly the tensors that
 * {@link #toOnnx()} writes back, and the exported file keeps the original graph, names and metadata.
 * BatchNormalization running statistics are parameters that take no gradient; training mode updates them with the
 * node's own momentum. Integer constants (shapes, indices) and float scalars are fixed arrays the ops read.
 *
 * <p>The block runs the nodes in file order (ONNX requires topological order). Its parameter arrays live in a
 * sub-manager of the {@link NDManager} passed to {@link #of}; whoever owns that manager owns the block's native
 * memory. Arrays a forward pass creates are freed with the manager of the inputs it was given.
 */
public final class GraphBlock extends AbstractBlock {
    private final OnnxModel source;
    private final NDManager manager;
    private final List<String> inputNames = new ArrayList<>();
    private final List<String> outputNames = new ArrayList<>();
    private final List<Step> steps = new ArrayList<>();
    private final Map<String, NDArray> fixed = new HashMap<>();

    private GraphBlock(OnnxModel source, NDManager manager) {
        this.source = source;
        this.manager = manager;
    }

    /**
     * Converts {@code model}; {@code modelName} is used in messages.
     *
     * @throws UnsupportedOpsException naming every operator outside the trainable set
     * @throws TrainingException when a supported node cannot be trained as exported (1-D kernels, unsupported attributes)
     */
    public static GraphBlock of(String modelName, OnnxModel model, NDManager manager) throws TrainingException {
        GraphProto graph = model.proto().getGraph();
        checkOps(modelName, graph);
        // A manager of its own, inside the caller's, so what a forward pass creates in it can be told apart.
        GraphBlock block = new GraphBlock(model, manager.newSubManager());
        GraphConstants constants = new GraphConstants(graph);
        Set<String> defined = new HashSet<>();
        for (var input : graph.getInputList()) {
            if (constants.tensor(input.getName()).isEmpty()) {
                block.inputNames.add(input.getName());
                defined.add(input.getName());
            }
        }
        long opset = opset(model);
        for (NodeProto node : graph.getNodeList()) {
            if (node.getOpType().equals("Constant")) {
                continue;
            }
            block.addParameters(modelName, node, constants, defined);
            block.steps.add(new Step(node, OnnxOps.compile(node, constants, opset)));
            defined.addAll(node.getOutputList());
        }
        graph.getOutputList().forEach(o -> block.outputNames.add(o.getName()));
        return block;
    }

    /** Runs the graph in inference mode (BatchNorm on running statistics, no dropout). */
    public NDList predict(NDList inputs) {
        return forward(new ParameterStore(manager, false), inputs, false);
    }

    /** The source model with every trained tensor written back under its own name. */
    public OnnxModel toOnnx() {
        return OnnxExport.withParameters(source, parameters);
    }

    /** The graph's real inputs (initializers listed as inputs by old exporters excluded), in graph order. */
    public List<String> inputNames() {
        return List.copyOf(inputNames);
    }

    public List<String> outputNames() {
        return List.copyOf(outputNames);
    }

    /** Whether the first output comes straight from a Softmax, so it holds probabilities rather than logits. */
    public boolean outputsProbabilities() {
        return steps.stream().anyMatch(s -> s.node.getOpType().equals("Softmax")
                && s.node.getOutput(0).equals(outputNames.get(0)));
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        Map<String, NDArray> values = new HashMap<>();
        for (int i = 0; i < inputNames.size(); i++) {
            values.put(inputNames.get(i), inputs.get(i));
        }
        Device device = inputs.head().getDevice();
        values.putAll(fixed);
        for (Parameter p : parameters.values()) {
            values.put(p.getName(), store.getValue(p, device, training));
        }
        Set<NDArray> before = Collections.newSetFromMap(new IdentityHashMap<>());
        before.addAll(manager.getManagedArrays());
        for (Step step : steps) {
            NDArray[] in = new NDArray[step.node.getInputCount()];
            for (int i = 0; i < in.length; i++) {
                in[i] = values.get(step.node.getInput(i));
            }
            values.put(step.node.getOutput(0), step.op.apply(in, training));
        }
        // An op on a weight or fixed constant (Add(bias, x), Gather(table, ids), a transposed Gemm weight) creates
        // arrays in the block's manager. They belong to this call: they move to the inputs' manager and are freed
        // with it, instead of accumulating for the block's lifetime.
        NDManager batch = inputs.head().getManager();
        for (NDArray created : manager.getManagedArrays()) {
            if (!before.contains(created)) {
                created.attach(batch);
            }
        }
        NDList out = new NDList();
        outputNames.forEach(name -> out.add(values.get(name)));
        return out;
    }

    /** Runs the graph once on zeros: ONNX files often leave shapes symbolic, so this is the one sure answer. */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        try (NDManager scratch = manager.newSubManager()) {
            NDList zeros = new NDList();
            for (Shape shape : inputShapes) {
                zeros.add(scratch.zeros(shape));
            }
            return forward(new ParameterStore(scratch, false), zeros, false).getShapes();
        }
    }

    private void addParameters(String modelName, NodeProto node, GraphConstants constants, Set<String> defined)
            throws TrainingException {
        Set<Integer> statics = OnnxOps.staticInputs(node.getOpType());
        for (int i = 0; i < node.getInputCount(); i++) {
            String name = node.getInput(i);
            if (name.isEmpty() || defined.contains(name) || statics.contains(i) && constants.tensor(name).isPresent()) {
                continue;
            }
            if (constants.tensor(name).isEmpty()) {
                throw new TrainingException(modelName + ": node '" + node.getName() + "' (" + node.getOpType()
                        + ") reads '" + name + "', which is defined by no input, constant or earlier node;"
                        + " training cannot use it");
            }
            TensorProto tensor = constants.tensor(name).orElseThrow();
            if (!constants.isFloat(name) || OnnxOps.readsAsInteger(node, i) || isSetting(tensor)) {
                // Shapes, indices, masks and scalars: read by the ops on every run, never trained or written back.
                fixed.put(name, GraphConstants.array(tensor, manager));
                defined.add(name);
                continue;
            }
            long[] dims = GraphConstants.dims(tensor);
            boolean state = OnnxOps.isRunningStatistic(node.getOpType(), i);
            addParameter(Parameter.builder()
                    .setName(name)
                    .setType(type(i, state, dims.length))
                    .optArray(manager.create(GraphConstants.floats(tensor), new Shape(dims)))
                    .optRequiresGrad(!state)
                    .build());
            defined.add(name);
        }
    }

    /**
     * A rank-0 float constant is a setting the exporter wrote (an epsilon, a 1/√d scale, the 1 in 1 − mask), not a
     * weight (a learned scalar, such as a one-unit layer's bias, has shape [1]). Training it would be meaningless,
     * and for the 1 in BERT's (1 − mask) × float-lowest it would take a gradient near 1e38 and make every later
     * output NaN.
     */
    private static boolean isSetting(TensorProto tensor) {
        return tensor.getDimsCount() == 0;
    }

    private static Parameter.Type type(int input, boolean state, int rank) {
        if (state) {
            return input == 3 ? Parameter.Type.RUNNING_MEAN : Parameter.Type.RUNNING_VAR;
        }
        return rank <= 1 ? Parameter.Type.BIAS : Parameter.Type.WEIGHT;
    }

    private static void checkOps(String modelName, GraphProto graph) throws UnsupportedOpsException {
        Set<String> unsupported = new LinkedHashSet<>();
        for (NodeProto node : graph.getNodeList()) {
            if (!OnnxOps.supports(node)) {
                unsupported.add(node.getDomain().isEmpty() ? node.getOpType()
                        : node.getDomain() + "." + node.getOpType());
            }
        }
        if (!unsupported.isEmpty()) {
            throw new UnsupportedOpsException(modelName, unsupported, OnnxOps.SUPPORTED);
        }
    }

    private static long opset(OnnxModel model) {
        return model.proto().getOpsetImportList().stream()
                .filter(o -> o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx"))
                .mapToLong(OperatorSetIdProto::getVersion).findFirst().orElse(1);
    }

    private record Step(NodeProto node, NodeOp op) {
    }
}
