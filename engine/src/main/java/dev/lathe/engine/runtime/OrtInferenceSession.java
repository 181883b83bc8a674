package dev.lathe.engine.runtime;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.ValueInfo;
import dev.lathe.engine.model.Dim;
import dev.lathe.engine.model.ElementType;
import dev.lathe.engine.model.TensorInfo;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * An ONNX Runtime session. Inputs of integer types are fed the float values rounded; inputs after the first get
 * {@link CompanionInputs neutral values}.
 */
final class OrtInferenceSession implements InferenceSession {
    private final OrtEnvironment environment;
    private final OrtSession session;
    private final String modelName;
    private final List<TensorInfo> inputs;
    private final List<TensorInfo> outputs;

    OrtInferenceSession(OrtEnvironment environment, OrtSession session, String modelName) throws OrtException {
        this.environment = environment;
        this.session = session;
        this.modelName = modelName;
        this.inputs = describe(session.getInputInfo());
        this.outputs = describe(session.getOutputInfo());
    }

    @Override
    public String runtime() {
        return "ONNX Runtime " + environment.getVersion();
    }

    @Override
    public List<TensorInfo> inputs() {
        return inputs;
    }

    @Override
    public List<TensorInfo> outputs() {
        return outputs;
    }

    @Override
    public FloatTensor run(FloatTensor input) throws InferenceException {
        try (OrtFeed feed = OrtFeed.of(environment, inputs, input);
             OrtSession.Result result = session.run(feed.tensors())) {
            return firstOutput(result);
        } catch (OrtException e) {
            throw failure(input, e);
        }
    }

    @Override
    public BoundInput bind(FloatTensor input) throws InferenceException {
        try {
            OrtFeed feed = OrtFeed.of(environment, inputs, input);
            return new BoundInput() {
                @Override
                public void run() throws InferenceException {
                    try (OrtSession.Result ignored = session.run(feed.tensors())) {
                        // Only the time matters here; the result is closed at once.
                    } catch (OrtException e) {
                        throw failure(input, e);
                    }
                }

                @Override
                public void close() {
                    feed.close();
                }
            };
        } catch (OrtException e) {
            throw failure(input, e);
        }
    }

    @Override
    public Map<String, FloatTensor> run(FloatTensor input, List<String> names) throws InferenceException {
        try (OrtFeed feed = OrtFeed.of(environment, inputs, input);
             OrtSession.Result result = session.run(feed.tensors(), new LinkedHashSet<>(names))) {
            Map<String, FloatTensor> values = new LinkedHashMap<>();
            for (String name : names) {
                OnnxValue value = result.get(name).orElseThrow();
                if (!(value instanceof OnnxTensor tensor) || tensor.getInfo().type != OnnxJavaType.FLOAT) {
                    throw new InferenceException(modelName + ": tensor '" + name + "' is not a float tensor ("
                            + value.getInfo() + ")");
                }
                values.put(name, floats(tensor));
            }
            return values;
        } catch (OrtException e) {
            throw failure(input, e);
        }
    }

    @Override
    public void runOnZeros() throws InferenceException {
        Map<String, OnnxTensor> feed = new HashMap<>();
        try {
            for (NodeInfo input : session.getInputInfo().values()) {
                if (!(input.getInfo() instanceof ai.onnxruntime.TensorInfo info)) {
                    throw new InferenceException(modelName + ": input '" + input.getName() + "' is not a tensor ("
                            + input.getInfo() + ")");
                }
                feed.put(input.getName(), zeros(info));
            }
            session.run(feed).close();
        } catch (OrtException e) {
            throw new InferenceException(modelName + ": ONNX Runtime failed on zeros: "
                    + OrtSessions.firstLine(e.getMessage()), e);
        } finally {
            feed.values().forEach(OnnxTensor::close);
        }
    }

    private OnnxTensor zeros(ai.onnxruntime.TensorInfo info) throws OrtException {
        long[] shape = info.getShape().clone();
        long count = 1;
        for (int i = 0; i < shape.length; i++) {
            shape[i] = shape[i] < 0 ? 1 : shape[i];
            count *= shape[i];
        }
        ByteBuffer bytes = ByteBuffer.allocateDirect(Math.toIntExact(count * info.type.size))
                .order(ByteOrder.nativeOrder());
        return OnnxTensor.createTensor(environment, bytes, shape, info.type);
    }

    private static FloatTensor floats(OnnxTensor tensor) {
        FloatBuffer buffer = tensor.getFloatBuffer();
        float[] data = new float[buffer.remaining()];
        buffer.get(data);
        return new FloatTensor(data, tensor.getInfo().getShape());
    }

    private FloatTensor firstOutput(OrtSession.Result result) throws InferenceException, OrtException {
        OnnxValue value = result.get(0);
        if (!(value instanceof OnnxTensor tensor) || ((ai.onnxruntime.TensorInfo) tensor.getInfo()).type != ai.onnxruntime.OnnxJavaType.FLOAT) {
            throw new InferenceException(modelName + ": its first output '" + outputs.get(0).name()
                    + "' is not a float tensor (" + value.getInfo() + "); Lathe evaluates models whose first output holds class scores");
        }
        return floats(tensor);
    }

    private InferenceException failure(FloatTensor input, OrtException e) {
        return new InferenceException(modelName + ": ONNX Runtime failed on an input of shape "
                + java.util.Arrays.toString(input.shape()) + ": " + OrtSessions.firstLine(e.getMessage()), e);
    }

    static List<TensorInfo> describe(Map<String, NodeInfo> infos) {
        List<TensorInfo> out = new ArrayList<>();
        for (NodeInfo node : infos.values()) {
            out.add(describe(node.getName(), node.getInfo()));
        }
        return out;
    }

    private static TensorInfo describe(String name, ValueInfo info) {
        if (!(info instanceof ai.onnxruntime.TensorInfo tensor)) {
            return new TensorInfo(name, ElementType.OTHER, List.of());
        }
        long[] shape = tensor.getShape();
        String[] symbols = tensor.getDimensionNames();
        List<Dim> dims = new ArrayList<>();
        for (int i = 0; i < shape.length; i++) {
            String symbol = symbols != null && i < symbols.length ? symbols[i] : "";
            dims.add(shape[i] >= 0 ? Dim.fixed(shape[i]) : Dim.symbolic(symbol));
        }
        return new TensorInfo(name, OrtTensors.elementType(tensor.type), dims);
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            org.slf4j.LoggerFactory.getLogger(OrtInferenceSession.class).warn("Closing session of {}", modelName, e);
        }
    }
}
