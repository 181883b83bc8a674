package dev.lathe.engine.fidelity;

import dev.lathe.engine.task.CancelledException;
import dev.lathe.engine.task.LatheException;
import dev.lathe.engine.task.Progress;
import dev.lathe.engine.model.ModelHandle;
import dev.lathe.engine.runtime.FloatTensor;
import dev.lathe.engine.runtime.InferenceException;
import dev.lathe.engine.runtime.InferenceSession;
import dev.lathe.engine.runtime.Runtimes;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Fidelity across machines: a reference model's outputs are recorded on one machine into a file (little-endian
 * float32, batch after batch), and another machine, an edge board, runs a model on the same inputs (the same dataset
 * examples, or the same seeded synthetic ones) and compares its outputs with that file. It shows what the board's
 * runtime changes, which comparing two models on one machine cannot.
 */
public final class ReferenceFidelity {
    private final Runtimes runtimes;

    public ReferenceFidelity(Runtimes runtimes) {
        this.runtimes = runtimes;
    }

    /** Runs {@code reference} and writes its outputs to {@code out}; returns how many examples it ran. */
    public int record(ModelHandle reference, Optional<Path> dataset, int samples, Path out, Progress progress)
            throws LatheException {
        try (InferenceSession session = runtimes.open(reference, FidelityMeter.options());
             OutputStream file = new BufferedOutputStream(Files.newOutputStream(out))) {
            FidelityMeter.Inputs inputs = FidelityMeter.inputs(reference, session, dataset, samples);
            int done = 0;
            while (done < inputs.count()) {
                CancelledException.checkpoint("Recording outputs of " + reference.name());
                int size = Math.min(inputs.batch(), inputs.count() - done);
                float[] y = session.run(inputs.source().batch(done, size)).data();
                ByteBuffer bytes = ByteBuffer.allocate(y.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
                bytes.asFloatBuffer().put(y);
                file.write(bytes.array());
                done += size;
                progress.report(done, inputs.count(), "Recorded " + done + " of " + inputs.count());
            }
            return done;
        } catch (IOException e) {
            throw new InferenceException(out + ": cannot write the reference outputs (" + e.getMessage() + ")", e);
        }
    }

    /** Runs {@code model} on the inputs {@link #record} used and compares its outputs with {@code recorded}. */
    public FidelityReport compare(ModelHandle model, Optional<Path> dataset, int samples, Path recorded,
                                  Progress progress) throws LatheException {
        try (InferenceSession session = runtimes.open(model, FidelityMeter.options());
             InputStream file = new BufferedInputStream(Files.newInputStream(recorded))) {
            FidelityMeter.Inputs inputs = FidelityMeter.inputs(model, session, dataset, samples);
            OutputComparison comparison = new OutputComparison();
            int done = 0;
            while (done < inputs.count()) {
                CancelledException.checkpoint("Fidelity of " + model.name());
                int size = Math.min(inputs.batch(), inputs.count() - done);
                FloatTensor y = session.run(inputs.source().batch(done, size));
                comparison.add(new FloatTensor(read(file, y.data().length, model), y.shape()), y);
                done += size;
                progress.report(done, inputs.count(), "Compared " + done + " of " + inputs.count());
            }
            if (file.read() != -1) {
                throw mismatch(model, "more");
            }
            return comparison.report(inputs.description());
        } catch (IOException e) {
            throw new InferenceException(recorded + ": cannot read the reference outputs (" + e.getMessage() + ")", e);
        }
    }

    private static float[] read(InputStream file, int count, ModelHandle model) throws IOException,
            InferenceException {
        byte[] bytes = file.readNBytes(count * Float.BYTES);
        if (bytes.length < count * Float.BYTES) {
            throw mismatch(model, "fewer");
        }
        float[] values = new float[count];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        return values;
    }

    private static InferenceException mismatch(ModelHandle model, String moreOrFewer) {
        return new InferenceException("the reference outputs hold " + moreOrFewer + " values than " + model.name()
                + " produces on these inputs: record them with the same dataset and number of samples, from a model "
                + "with the same outputs");
    }
}
