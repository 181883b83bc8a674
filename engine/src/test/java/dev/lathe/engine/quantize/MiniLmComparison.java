package dev.lathe.engine.quantize;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.LongBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How closely int8 variants of a BERT sentence encoder (all-MiniLM-L6-v2) follow the float model on real sentences,
 * tokenized with the model's own tokenizer.json, and which ops ONNX Runtime runs for each after its fusions. The
 * model is not in the repository (90 MB); see docs/third-party-models.md for where it comes from.
 *
 * <pre>
 * mvn -q -B -ntp -o -pl engine test-compile exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=dev.lathe.engine.quantize.MiniLmComparison \
 *   -Dexec.args="FP32.onnx TOKENIZER.json VARIANT.onnx..."
 * </pre>
 *
 * Per variant: file bytes; the cosine between its last hidden state and the float model's, over all tokens of a
 * sentence (mean and lowest over the sentences); the same for the mean-pooled sentence embedding; and the op
 * histogram of the graph ORT runs (dumped through {@code setOptimizedModelFilePath}).
 */
public final class MiniLmComparison {
    private MiniLmComparison() {
    }

    public static void main(String[] args) throws Exception {
        List<String> sentences = sentences();
        Path fp32 = Path.of(args[0]);
        try (HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.newInstance(Path.of(args[1]),
                Map.of("maxLength", "128", "truncation", "true", "padding", "false"))) {
            List<Encoding> encodings = new ArrayList<>();
            for (String s : sentences) {
                encodings.add(tokenizer.encode(s));
            }
            int tokens = encodings.stream().mapToInt(e -> e.getIds().length).sum();
            System.out.printf("%d sentences, %d tokens (%d to %d a sentence)%n", sentences.size(), tokens,
                    encodings.stream().mapToInt(e -> e.getIds().length).min().orElse(0),
                    encodings.stream().mapToInt(e -> e.getIds().length).max().orElse(0));
            List<float[][]> reference = hiddenStates(fp32, encodings);
            System.out.printf("%s: %,d bytes; runs %s%n", fp32.getFileName(), Files.size(fp32), optimizedOps(fp32));
            for (int i = 2; i < args.length; i++) {
                report(Path.of(args[i]), encodings, reference);
            }
        }
    }

    private static void report(Path variant, List<Encoding> encodings, List<float[][]> reference) throws Exception {
        List<float[][]> states = hiddenStates(variant, encodings);
        double tokenSum = 0;
        double tokenMin = 1;
        double pooledSum = 0;
        double pooledMin = 1;
        for (int i = 0; i < states.size(); i++) {
            double token = cosine(flatten(reference.get(i)), flatten(states.get(i)));
            double pooled = cosine(meanPool(reference.get(i)), meanPool(states.get(i)));
            tokenSum += token;
            tokenMin = Math.min(tokenMin, token);
            pooledSum += pooled;
            pooledMin = Math.min(pooledMin, pooled);
        }
        int n = states.size();
        System.out.printf("%s: %,d bytes; cosine of hidden states mean %.4f, lowest %.4f; of mean-pooled "
                        + "embeddings mean %.5f, lowest %.5f%n  runs %s%n", variant.getFileName(), Files.size(variant),
                tokenSum / n, tokenMin, pooledSum / n, pooledMin, optimizedOps(variant));
    }

    private static List<float[][]> hiddenStates(Path model, List<Encoding> encodings) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        List<float[][]> out = new ArrayList<>();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            try (OrtSession session = env.createSession(model.toString(), options)) {
                for (Encoding e : encodings) {
                    long[] shape = {1, e.getIds().length};
                    try (OnnxTensor ids = OnnxTensor.createTensor(env, LongBuffer.wrap(e.getIds()), shape);
                         OnnxTensor mask = OnnxTensor.createTensor(env, LongBuffer.wrap(e.getAttentionMask()), shape);
                         OnnxTensor types = OnnxTensor.createTensor(env, LongBuffer.wrap(e.getTypeIds()), shape);
                         OrtSession.Result result = session.run(Map.of("input_ids", ids, "attention_mask", mask,
                                 "token_type_ids", types))) {
                        float[][][] hidden = (float[][][]) result.get(0).getValue();
                        out.add(hidden[0]);
                    }
                }
            }
        }
        return out;
    }

    private static Map<String, Integer> optimizedOps(Path model) throws Exception {
        Path dump = Files.createTempFile("minilm-optimized", ".onnx");
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            options.setOptimizedModelFilePath(dump.toString());
            OrtEnvironment.getEnvironment().createSession(model.toString(), options).close();
            Map<String, Integer> ops = new TreeMap<>();
            for (NodeProto n : ModelProto.parseFrom(Files.readAllBytes(dump)).getGraph().getNodeList()) {
                ops.merge(n.getDomain().isEmpty() ? n.getOpType() : n.getDomain() + "." + n.getOpType(), 1,
                        Integer::sum);
            }
            return ops;
        } finally {
            Files.deleteIfExists(dump);
        }
    }

    private static List<String> sentences() throws Exception {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                MiniLmComparison.class.getResourceAsStream("sentences.txt"), StandardCharsets.UTF_8))) {
            return in.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        }
    }

    private static float[] flatten(float[][] rows) {
        float[] out = new float[rows.length * rows[0].length];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, out, i * rows[0].length, rows[0].length);
        }
        return out;
    }

    /** The sentence embedding sentence-transformers takes from this model: the mean over tokens (no padding here). */
    private static float[] meanPool(float[][] hidden) {
        float[] mean = new float[hidden[0].length];
        for (float[] token : hidden) {
            for (int j = 0; j < mean.length; j++) {
                mean[j] += token[j] / hidden.length;
            }
        }
        return mean;
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }
}
