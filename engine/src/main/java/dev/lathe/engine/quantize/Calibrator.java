package dev.lathe.engine.quantize;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.lathe.engine.CancelledException;
import dev.lathe.engine.LatheException;
import dev.lathe.engine.Progress;
import dev.lathe.engine.runtime.FloatTensor;
import dev.lathe.engine.runtime.OrtFeed;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Finds activation ranges by running the float model in ONNX Runtime with the wanted intermediate tensors added as
 * graph outputs. Each batch is folded into per-tensor observers and dropped, so memory does not grow with samples.
 */
final class Calibrator {
    private static final String WHAT = "Calibration";

    private Calibrator() {
    }

    static Map<String, ActivationRange> ranges(ModelProto model, Collection<String> tensors, CalibrationData data,
            QuantizeSpec.Calibration calibration, Progress progress) throws LatheException {
        Map<String, RangeObserver> observers = new LinkedHashMap<>();
        tensors.forEach(t -> observers.put(t, new RangeObserver()));
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(Math.max(1, Runtime.getRuntime().availableProcessors()));
            try (OrtSession session = env.createSession(withOutputs(model, tensors).toByteArray(), options)) {
                feed(env, session, data, calibration.samples(), observers, progress);
            }
        } catch (OrtException e) {
            throw new QuantizationException("Calibration failed: ONNX Runtime cannot run the float model on the "
                    + "calibration data (" + firstLine(e.getMessage()) + "); check that the calibration set "
                    + "fits the model's input", e);
        }
        Map<String, ActivationRange> ranges = new LinkedHashMap<>();
        observers.forEach((name, observer) -> ranges.put(name, observer.range(calibration)));
        return ranges;
    }

    private static void feed(OrtEnvironment env, OrtSession session, CalibrationData data, int samples,
            Map<String, RangeObserver> observers, Progress progress) throws OrtException, CancelledException {
        int wanted = Math.min(samples, data.examples());
        int done = 0;
        for (FloatTensor batch : data.batches()) {
            if (done >= wanted) {
                break;
            }
            CancelledException.checkpoint(WHAT);
            FloatTensor part = firstRows(batch, wanted - done);
            try (OrtFeed feed = OrtFeed.of(env, session, part);
                 OrtSession.Result result = session.run(feed.tensors(), observers.keySet())) {
                for (Map.Entry<String, OnnxValue> output : result) {
                    observers.get(output.getKey()).observe(((OnnxTensor) output.getValue()).getFloatBuffer());
                }
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

    static String firstLine(String message) {
        if (message == null) {
            return "no message";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
