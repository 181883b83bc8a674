package dev.lathe.engine.quantize;

import ai.onnx.proto.OnnxMl.ModelProto;
import dev.lathe.engine.runtime.InferenceException;
import dev.lathe.engine.runtime.InferenceSession;
import dev.lathe.engine.runtime.NativeCrashException;
import dev.lathe.engine.runtime.Runtimes;
import dev.lathe.engine.runtime.SessionOptions;

/**
 * Loads a written model in ONNX Runtime with full optimization and runs it once on zeros (unknown dimensions set to
 * 1), so a variant ORT refuses is never handed back. Some models run only at certain sizes (a detector whose sides
 * must divide by 32): when the original model fails on the same zeros too, the run proves nothing and only the load
 * counts; the recipe's check on the user's input shape follows.
 */
final class OrtCheck {
    private OrtCheck() {
    }

    /**
     * @param name   what messages call the model checked, like {@code cnn.onnx's static int8 variant}
     * @param advice what the user can do when ORT refuses the model, appended to the message
     */
    static void loadAndRun(Runtimes runtimes, ModelProto model, ModelProto original, String name, String what,
                           String advice) throws QuantizationException, NativeCrashException {
        try (InferenceSession session = runtimes.openOnnx(model.toByteArray(), name, SessionOptions.DEFAULT)) {
            try {
                session.runOnZeros();
            } catch (NativeCrashException e) {
                throw e;
            } catch (InferenceException e) {
                if (runsOnZeros(runtimes, original, name)) {
                    throw e;
                }
            }
        } catch (NativeCrashException e) {
            throw e;
        } catch (InferenceException e) {
            throw new QuantizationException("The " + what + " model does not run in ONNX Runtime ("
                    + e.getMessage() + "); nothing was written. " + advice, e);
        }
    }

    private static boolean runsOnZeros(Runtimes runtimes, ModelProto model, String name) throws NativeCrashException {
        try (InferenceSession session = runtimes.openOnnx(model.toByteArray(), name, SessionOptions.DEFAULT)) {
            session.runOnZeros();
            return true;
        } catch (NativeCrashException e) {
            throw e;
        } catch (InferenceException e) {
            return false;
        }
    }
}
