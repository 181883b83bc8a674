package dev.lathe.engine.distill;

import dev.lathe.engine.task.CancelledException;
import dev.lathe.engine.task.LatheException;
import dev.lathe.engine.task.Progress;
import dev.lathe.engine.data.Dataset;
import dev.lathe.engine.data.Preprocessing;
import dev.lathe.engine.files.AtomicFiles;
import dev.lathe.engine.model.TensorInfo;
import dev.lathe.engine.provenance.Hashing;
import dev.lathe.engine.runtime.FloatTensor;
import dev.lathe.engine.runtime.InferenceSession;
import dev.lathe.engine.runtime.Runtimes;
import dev.lathe.engine.runtime.SessionOptions;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * Runs the teacher once over the training examples and keeps its logits on disk, keyed by the SHA-256 of the teacher
 * file, of the dataset, the full preprocessing and the example count: a second distillation from the same teacher
 * and data (another student, temperature or alpha) skips the teacher entirely. Logits, not softened probabilities,
 * are stored, so the temperature stays a training setting. A teacher that outputs probabilities (ends in Softmax)
 * is stored as their logarithm, which is its logits up to a per-example constant that every softmax cancels.
 */
final class SoftTargets {
    private static final int MAGIC = 0x4c4c4f47;
    private static final int BATCH = 256;

    private final Runtimes runtimes;
    private final Path cacheDir;

    SoftTargets(Runtimes runtimes, Path cacheDir) {
        this.runtimes = runtimes;
        this.cacheDir = cacheDir;
    }

    TeacherLogits of(Teacher teacher, Dataset data, Preprocessing pre, int count, Progress progress)
            throws LatheException {
        Path file = cacheDir.resolve(key(teacher, data, pre, count) + ".logits");
        Optional<TeacherLogits> cached = read(file, count);
        if (cached.isPresent()) {
            return cached.get();
        }
        TeacherLogits computed = run(teacher, data, pre, count, progress);
        try {
            AtomicFiles.write(file, tmp -> write(tmp, computed));
        } catch (IOException e) {
            throw new DistillException("cannot write the teacher's soft targets to " + file + ": " + e.getMessage()
                    + ". Check that the cache folder is writable and the disk has space.", e);
        }
        return computed;
    }

    private static String key(Teacher teacher, Dataset data, Preprocessing pre, int count) throws LatheException {
        String teacherHash;
        try {
            teacherHash = Hashing.sha256(teacher.file());
        } catch (IOException e) {
            throw new DistillException(teacher.name() + " cannot be read: " + e.getMessage(), e);
        }
        String key = teacherHash + "\n" + data.sha256() + "\n" + pre + "\n" + count;
        return Hashing.sha256(key.getBytes(StandardCharsets.UTF_8));
    }

    private TeacherLogits run(Teacher teacher, Dataset data, Preprocessing pre, int count, Progress progress)
            throws LatheException {
        long[] shape = new long[pre.exampleShape().length + 1];
        System.arraycopy(pre.exampleShape(), 0, shape, 1, shape.length - 1);
        try (InferenceSession session = runtimes.open(teacher.file(), teacher.format(), Optional.of(withBatch(shape,
                1)), SessionOptions.DEFAULT.withThreads(Runtime.getRuntime().availableProcessors()))) {
            int batch = fixedBatch(session).orElse(BATCH);
            float[] logits = null;
            int classes = 0;
            for (int from = 0; from < count; from += batch) {
                CancelledException.checkpoint("Computing the soft targets of " + teacher.name());
                float[] values = new float[batch * pre.size()];
                int size = Math.min(batch, count - from);
                for (int i = 0; i < size; i++) {
                    pre.apply(data.sample(from + i), values, i * pre.size());
                }
                FloatTensor out = session.run(new FloatTensor(values, withBatch(shape, batch)));
                if (out.shape().length != 2 || out.shape()[0] != batch || out.shape()[1] < 2) {
                    throw new DistillException(teacher.name() + ": its first output has shape "
                            + Arrays.toString(out.shape()) + " for a batch of " + batch
                            + "; distillation needs a classifier giving batch × classes scores");
                }
                if (logits == null) {
                    classes = (int) out.shape()[1];
                    logits = new float[count * classes];
                }
                System.arraycopy(out.data(), 0, logits, from * classes, size * classes);
                progress.report(from + size, count, "Teacher soft targets: " + (from + size) + " of " + count
                        + " examples");
            }
            return new TeacherLogits(asLogits(logits, classes), classes, count, count);
        }
    }

    private static Optional<Integer> fixedBatch(InferenceSession session) {
        if (session.inputs().isEmpty()) {
            return Optional.empty();
        }
        TensorInfo input = session.inputs().get(0);
        return input.shape().isEmpty() ? Optional.empty()
                : input.shape().get(0).fixedSize().filter(b -> b > 0).map(Long::intValue);
    }

    private static long[] withBatch(long[] shape, long batch) {
        long[] s = shape.clone();
        s[0] = batch;
        return s;
    }

    /** Takes logs when every row is a probability distribution, which logits of a real classifier never all are. */
    private static float[] asLogits(float[] scores, int classes) {
        for (int row = 0; row < scores.length; row += classes) {
            double sum = 0;
            for (int c = row; c < row + classes; c++) {
                if (scores[c] < 0 || scores[c] > 1) {
                    return scores;
                }
                sum += scores[c];
            }
            if (Math.abs(sum - 1) > 1e-3) {
                return scores;
            }
        }
        float[] logs = new float[scores.length];
        for (int i = 0; i < scores.length; i++) {
            logs[i] = (float) Math.log(Math.max(scores[i], 1e-12));
        }
        return logs;
    }

    private static Optional<TeacherLogits> read(Path file, int count) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try (InputStream raw = Files.newInputStream(file);
             DataInputStream in = new DataInputStream(new BufferedInputStream(raw))) {
            if (in.readInt() != MAGIC || in.readInt() != count) {
                return Optional.empty();
            }
            int classes = in.readInt();
            float[] logits = new float[Math.multiplyExact(count, classes)];
            for (int i = 0; i < logits.length; i++) {
                logits[i] = in.readFloat();
            }
            return Optional.of(new TeacherLogits(logits, classes, count, 0));
        } catch (IOException | ArithmeticException e) {
            // An unreadable or truncated cache entry is recomputed and replaced, never trusted.
            return Optional.empty();
        }
    }

    private static void write(Path tmp, TeacherLogits t) throws IOException {
        try (OutputStream raw = Files.newOutputStream(tmp);
             DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw))) {
            out.writeInt(MAGIC);
            out.writeInt(t.count());
            out.writeInt(t.classes());
            for (float v : t.logits()) {
                out.writeFloat(v);
            }
        }
    }
}
