package dev.lathe.engine.quantize;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import dev.lathe.engine.task.CancelledException;
import dev.lathe.engine.task.LatheException;
import dev.lathe.engine.task.Progress;
import dev.lathe.engine.runtime.FloatTensor;
import dev.lathe.engine.runtime.InferenceException;
import dev.lathe.engine.runtime.InferenceSession;
import dev.lathe.engine.runtime.NativeCrashException;
import dev.lathe.engine.runtime.Runtimes;
import dev.lathe.engine.runtime.SessionOptions;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds activation ranges by running the float model in ONNX Runtime with the wanted intermediate tensors added as
 * graph outputs. Each batch is folded into per-tensor observers and dropped, so memory does not grow with samples.
 */
final class Calibrator {
    private static final String WHAT = "Calibration";

    private Calibrator() {
    }

    /** @param modelName what messages call the model, like {@code cnn.onnx} */
    static Map<String, ActivationRange> ranges(Runtimes runtimes, ModelProto model, String modelName,
            Collection<String> tensors, CalibrationData data, QuantizeSpec.Calibration calibration, Progress progress)
            throws LatheException {
        Map<String, RangeObserver> observers = new LinkedHashMap<>();
        tensors.forEach(t -> observers.put(t, new RangeObserver()));
        SessionOptions options = SessionOptions.DEFAULT.withThreads(Runtime.getRuntime().availableProcessors());
        try (InferenceSession session = runtimes.openOnnx(withOutputs(model, tensors).toByteArray(), modelName,
                options)) {
            feed(session, data, calibration.samples(), observers, progress);
        } catch (NativeCrashException e) {
            throw e;
        } catch (InferenceException e) {
            throw new QuantizationException("Calibration failed: ONNX Runtime cannot run the float model on the "
                    + "calibration data (" + e.getMessage() + "); check that the calibration set fits the model's "
                    + "input", e);
        }
        Map<String, ActivationRange> ranges = new LinkedHashMap<>();
        observers.forEach((name, observer) -> ranges.put(name, observer.range(calibration)));
        return ranges;
    }

    private static void feed(InferenceSession session, CalibrationData data, int samples,
            Map<String, RangeObserver> observers, Progress progress) throws InferenceException, CancelledException {
        List<String> tensors = List.copyOf(observers.keySet());
        int wanted = Math.min(samples, data.examples());
        int done = 0;
        for (FloatTensor batch : data.batches()) {
            if (done >= wanted) {
                break;
            }
            CancelledException.checkpoint(WHAT);
            FloatTensor part = firstRows(batch, wanted - done);
            for (Map.Entry<String, FloatTensor> output : session.run(part, tensors).entrySet()) {
                observers.get(output.getKey()).observe(FloatBuffer.wrap(output.getValue().data()));
            }
            done += part.rows();
            progress.report(done, wanted, "Calibrated on " + done + " of " + wanted + " examples");
        }
        CancelledException.checkpoint(WHAT);
    }

    private static FloatTensor firstRows(FloatTensor batch, int rows) {
        if (batch.rows() <= rows) {
            return batch;
        }
        long[] shape = batch.shape().clone();
        shape[0] = rows;
        return new FloatTensor(Arrays.copyOf(batch.data(), rows * batch.rowLength()), shape);
    }

    static ModelProto withOutputs(ModelProto model, Collection<String> tensors) {
        GraphProto.Builder graph = model.getGraph().toBuilder();
        TypeProto floatType = TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE)).build();
        for (String tensor : tensors) {
            if (graph.getOutputList().stream().noneMatch(o -> o.getName().equals(tensor))) {
                graph.addOutput(ValueInfoProto.newBuilder().setName(tensor).setType(floatType));
            }
        }
        return model.toBuilder().setGraph(graph).build();
    }
}
