package dev.lathe.engine.train;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import dev.lathe.engine.model.onnx.OnnxModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Real third-party ONNX models through the trainable bridge. For each model it prints whether it converts (or
 * which operators it refuses), the conversion time, the block's outputs against ONNX Runtime's on seeded random
 * inputs (max abs difference over all outputs; ONNX Runtime without graph optimisations), the same block at batch
 * 2 (the shape subgraphs must follow the batch), whether one SGD step on a squared error to random targets runs
 * (loss finite, a non-zero finite gradient on the first layer's weights), and the model after that step exported,
 * written, read back and run in ONNX Runtime against the block. The models are not in the repository (docs/third-party-models.md says where they come from), so this is
 * a program rather than a test:
 * {@code mvn -q -B -ntp -o -pl engine test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=dev.lathe.engine.train.ThirdPartyBridgeCheck -Dexec.args="cls.onnx:1x3x48x192 bert.onnx:1x16"}.
 * Each argument is a model file and, after a colon, the shape of its first input. Float inputs get N(0, 1);
 * integer inputs get token ids: [CLS] (101), ids drawn from the rows of the embedding table they index, [SEP]
 * (102); inputs named like a mask get ones and token type ids zeros.
 */
public final class ThirdPartyBridgeCheck {
    private static final long SEED = 7;

    private ThirdPartyBridgeCheck() {
    }

    public static void main(String[] args) throws Exception {
        Bridge.start();
        Path dir = Files.createTempDirectory("lathe-bridge-check");
        System.out.println("| model | converts | convert s | DJL vs ORT | batch 2: DJL vs ORT"
                + " | one SGD step | trained, exported, re-read: ORT vs DJL |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (String arg : args) {
            int colon = arg.lastIndexOf(':');
            Path file = Path.of(colon < 0 ? arg : arg.substring(0, colon));
            long[] shape = colon < 0 ? new long[0]
                    : Arrays.stream(arg.substring(colon + 1).split("x")).mapToLong(Long::parseLong).toArray();
            try (NDManager manager = Bridge.manager()) {
                System.out.println(check(file, shape, manager, dir));
            }
        }
    }

    private static String check(Path file, long[] shape, NDManager manager, Path dir) throws Exception {
        String name = file.getFileName().toString();
        OnnxModel model = OnnxModel.read(file);
        long start = System.nanoTime();
        GraphBlock block;
        try {
            block = GraphBlock.of(name, model, manager);
        } catch (UnsupportedOpsException e) {
            return row(name, "no: " + String.join(", ", e.opTypes()), "–", "–", "–", "–", "–");
        } catch (TrainingException e) {
            return row(name, "no: " + e.getMessage(), "–", "–", "–", "–", "–");
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, NDArray> one = inputs(model, block, shape, manager);
        List<float[]> djl = Bridge.djlOutputs(block, new NDList(one.values()));
        double ort = Bridge.maxAbsDiff(djl, Bridge.ortOutputs(model, dir, one));
        long[] two = shape.clone();
        two[0] = 2;
        Map<String, NDArray> pair = inputs(model, block, two, manager);
        double batch2 = Bridge.maxAbsDiff(Bridge.djlOutputs(block, new NDList(pair.values())),
                Bridge.ortOutputs(model, dir, pair));
        String step = sgdStep(name, block, one);
        Path exported = Files.createTempFile(dir, "trained", ".onnx");
        block.toOnnx().write(exported);
        double export = Bridge.maxAbsDiff(Bridge.ortOutputs(OnnxModel.read(exported), dir, one),
                Bridge.djlOutputs(block, new NDList(one.values())));
        return row(name, "yes", String.format(Locale.ROOT, "%.2f", seconds), fmt(ort), fmt(batch2), step,
                fmt(export));
    }

    /**
     * One SGD step (learning rate 1e-3) on mean squared error to seeded random targets; reports the loss and the
     * summed absolute gradient on the first layer's weights.
     */
    private static String sgdStep(String name, GraphBlock block, Map<String, NDArray> inputs) {
        Parameter first = firstWeight(block);
        try (Model model = Model.newInstance(name, Device.cpu(), "PyTorch")) {
            model.setBlock(block);
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.l2Loss())
                    .optOptimizer(Optimizer.sgd().setLearningRateTracker(Tracker.fixed(1e-3f)).build())
                    .optDevices(new Device[] {Device.cpu()});
            try (Trainer trainer = model.newTrainer(config); NDManager batch = trainer.getManager().newSubManager()) {
                NDList x = new NDList();
                inputs.values().forEach(a -> x.add(a.duplicate()));
                x.attach(batch);
                float loss;
                double gradient;
                try (GradientCollector collector = trainer.newGradientCollector()) {
                    NDArray out = trainer.forward(x).head();
                    batch.getEngine().setRandomSeed((int) SEED);
                    NDArray target = batch.randomNormal(out.getShape());
                    NDArray mean = out.sub(target).square().mean();
                    collector.backward(mean);
                    loss = mean.getFloat();
                    gradient = first.getArray().getGradient().abs().sum().getFloat();
                }
                trainer.step();
                boolean ok = Float.isFinite(loss) && Double.isFinite(gradient) && gradient > 0;
                return String.format(Locale.ROOT, "%s: loss %.4g, Σ abs grad %.3g on %s", ok ? "ok" : "FAILED", loss,
                        gradient, first.getName());
            }
        }
    }

    private static Parameter firstWeight(GraphBlock block) {
        return block.getParameters().values().stream()
                .filter(p -> p.requiresGradient() && p.getArray().getShape().dimension() >= 2)
                .findFirst().orElseThrow();
    }

    private static Map<String, NDArray> inputs(OnnxModel model, GraphBlock block, long[] shape, NDManager manager) {
        Random random = new Random(SEED);
        Map<String, NDArray> inputs = new LinkedHashMap<>();
        for (String input : block.inputNames()) {
            int type = model.proto().getGraph().getInputList().stream().filter(v -> v.getName().equals(input))
                    .map(ValueInfoProto::getType).findFirst().orElseThrow().getTensorType().getElemType();
            String lower = input.toLowerCase(Locale.ROOT);
            Shape s = new Shape(shape);
            if (type == TensorProto.DataType.FLOAT_VALUE) {
                float[] values = new float[(int) s.size()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = (float) random.nextGaussian();
                }
                inputs.put(input, manager.create(values, s));
            } else if (lower.contains("mask")) {
                inputs.put(input, manager.ones(s, DataType.INT64));
            } else if (lower.contains("type")) {
                inputs.put(input, manager.zeros(s, DataType.INT64));
            } else {
                inputs.put(input, manager.create(tokens(random, s, vocabulary(model, input)), s));
            }
        }
        return inputs;
    }

    private static long[] tokens(Random random, Shape shape, long vocabulary) {
        long length = shape.get(shape.dimension() - 1);
        long[] ids = new long[(int) shape.size()];
        for (int i = 0; i < ids.length; i++) {
            long position = i % length;
            ids[i] = position == 0 ? 101 : position == length - 1 ? 102 : 1000 + random.nextInt((int) vocabulary - 1000);
        }
        return ids;
    }

    /** Rows of the table a Gather node looks {@code input} up in. */
    private static long vocabulary(OnnxModel model, String input) {
        var graph = model.proto().getGraph();
        String table = graph.getNodeList().stream()
                .filter(n -> n.getOpType().equals("Gather") && n.getInputCount() > 1 && n.getInput(1).equals(input))
                .map(n -> n.getInput(0)).findFirst().orElseThrow(() -> new IllegalArgumentException(
                        input + " indexes no Gather table; give the model float inputs or extend this check"));
        return graph.getInitializerList().stream().filter(t -> t.getName().equals(table))
                .findFirst().orElseThrow().getDims(0);
    }

    private static String row(String... cells) {
        return "| " + String.join(" | ", cells) + " |";
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.2g", v);
    }
}
