package dev.lathe.engine.runtime.worker;

import dev.lathe.engine.runtime.FloatTensor;
import dev.lathe.engine.runtime.InferenceSession;
import dev.lathe.engine.runtime.OrtSessions;
import dev.lathe.engine.runtime.SessionOptions;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What Lathe did before models moved into a worker: loads a model into this very JVM (no static check) and runs it
 * once on zeros. Arguments: the natives cache and the model. Exits 0 when both went well, 3 when ONNX Runtime refused
 * the model with an error; a model that crashes native code ends this JVM with the signal instead.
 */
public final class UnprotectedLoad {
    private UnprotectedLoad() {
    }

    public static void main(String[] args) throws Exception {
        OrtSessions ort = new OrtSessions(Path.of(args[0]));
        Path model = Path.of(args[1]);
        try (InferenceSession session = ort.open(Files.readAllBytes(model), model.getFileName().toString(),
                SessionOptions.DEFAULT)) {
            System.out.println("loaded");
            long[] shape = session.inputs().get(0).shape().stream().mapToLong(d -> Math.max(1, d.size())).toArray();
            session.run(new FloatTensor(new float[(int) FloatTensor.elementCount(shape)], shape));
            System.out.println("ran");
        } catch (Exception e) {
            System.out.println("refused: " + e.getMessage());
            System.exit(3);
        }
    }
}
