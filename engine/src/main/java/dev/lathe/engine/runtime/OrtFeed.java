package dev.lathe.engine.runtime;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.lathe.engine.model.TensorInfo;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every input of an ONNX Runtime session, ready to run: the given values for the first input, in the element type
 * it declares (token ids as int64), and {@link CompanionInputs neutral values} for the others. Closing it frees them.
 */
public final class OrtFeed implements AutoCloseable {
    private final Map<String, OnnxTensor> tensors;

    private OrtFeed(Map<String, OnnxTensor> tensors) {
        this.tensors = Collections.unmodifiableMap(tensors);
    }

    public static OrtFeed of(OrtEnvironment env, OrtSession session, FloatTensor first) throws OrtException {
        return of(env, OrtInferenceSession.describe(session.getInputInfo()), first);
    }

    static OrtFeed of(OrtEnvironment env, List<TensorInfo> inputs, FloatTensor first) throws OrtException {
        Map<String, OnnxTensor> tensors = new LinkedHashMap<>();
        try {
            tensors.put(inputs.get(0).name(), OrtTensors.create(env, inputs.get(0), first));
            for (TensorInfo other : inputs.subList(1, inputs.size())) {
                FloatTensor values = CompanionInputs.neutral(inputs.get(0), first.shape(), other);
                tensors.put(other.name(), OrtTensors.create(env, other, values));
            }
            return new OrtFeed(tensors);
        } catch (OrtException | RuntimeException e) {
            tensors.values().forEach(OnnxTensor::close);
            throw e;
        }
    }

    public Map<String, OnnxTensor> tensors() {
        return tensors;
    }

    @Override
    public void close() {
        tensors.values().forEach(OnnxTensor::close);
    }
}
