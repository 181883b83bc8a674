package dev.lathe.engine.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import dev.lathe.engine.model.ElementType;
import dev.lathe.engine.model.onnx.OnnxGraphBuilder;
import dev.lathe.engine.model.onnx.OnnxModel;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ShapeZooTest {
    private static NDManager manager;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        Bridge.start();
        manager = Bridge.manager();
    }

    @AfterAll
    static void stop() {
        manager.close();
    }

    @ParameterizedTest
    @ValueSource(ints = {9, 13})
    void sequenceOperatorsMatchOnnxRuntimeAtEveryBatchSize(int opset) throws Exception {
        OnnxModel model = ShapeZoo.sequence(5, opset);
        GraphBlock block = GraphBlock.of("sequence.onnx", model, manager);

        for (int batch : new int[] {3, 1}) {
            Map<String, NDArray> in = sequenceInputs(batch, 40 + batch);
            double diff = Bridge.maxAbsDiff(Bridge.djlOutputs(block, new NDList(in.values())),
                    Bridge.ortOutputs(model, dir, in));
            System.out.printf("sequence.onnx opset %d batch %d: DJL vs ORT max abs diff %.3g%n", opset, batch, diff);
            assertThat(diff).isLessThanOrEqualTo(1e-5);
        }
    }

    @Test
    void upsamplingOperatorsMatchOnnxRuntimeAtEveryBatchSize() throws Exception {
        OnnxModel model = ShapeZoo.upsampling(6);
        GraphBlock block = GraphBlock.of("upsampling.onnx", model, manager);

        for (int batch : new int[] {3, 1}) {
            Map<String, NDArray> in = imageInputs(batch, 50 + batch);
            double diff = Bridge.maxAbsDiff(Bridge.djlOutputs(block, new NDList(in.values())),
                    Bridge.ortOutputs(model, dir, in));
            System.out.printf("upsampling.onnx batch %d: DJL vs ORT max abs diff %.3g%n", batch, diff);
            assertThat(diff).isLessThanOrEqualTo(1e-5);
        }
    }

    @Test
    void sequenceGradientsMatchOnnxRuntimesFiniteDifferences() throws Exception {
        checkGradients(ShapeZoo.sequence(5, 13), sequenceInputs(2, 61),
                List.of("word.table", "pos.table", "ln.gamma", "proj.w"));
    }

    @Test
    void upsamplingGradientsMatchOnnxRuntimesFiniteDifferences() throws Exception {
        checkGradients(ShapeZoo.upsampling(6), imageInputs(2, 62), List.of("c1.w", "up.w", "up.b", "up2.w"));
    }

    @Test
    void trainedEmbeddingTablesExportAndScalarsStayFixed() throws Exception {
        OnnxModel model = ShapeZoo.sequence(5, 13);
        GraphBlock block = GraphBlock.of("sequence.onnx", model, manager);
        Map<String, NDArray> in = sequenceInputs(3, 70);

        try (Model holder = Model.newInstance("sequence", Device.cpu(), "PyTorch")) {
            holder.setBlock(block);
            try (Trainer trainer = holder.newTrainer(config())) {
                try (GradientCollector collector = trainer.newGradientCollector()) {
                    collector.backward(trainer.forward(new NDList(in.values())).head().square().mean());
                }
                trainer.step();
            }
        }
        OnnxModel trained = block.toOnnx();

        double diff = Bridge.maxAbsDiff(Bridge.ortOutputs(trained, dir, in),
                Bridge.djlOutputs(block, new NDList(in.values())));
        System.out.printf("sequence.onnx trained: ORT vs DJL max abs diff %.3g%n", diff);
        assertThat(diff).isLessThanOrEqualTo(1e-5);
        assertThat(CnnBridgeTest.changedInitializers(model, trained))
                .contains("word.table", "pos.table", "ln.gamma", "ln.beta", "proj.w")
                .doesNotContain("pos.ids", "two", "eps", "one", "half", "sqrt2", "pick", "heads");
    }

    @Test
    void intermediatesComputedFromWeightsAreFreedWithTheCallersInputs() throws Exception {
        try (NDManager owner = manager.newSubManager()) {
            // Gather(table, ids) and Shape of a weight produce arrays in the weights' manager at every call.
            GraphBlock block = GraphBlock.of("sequence.onnx", ShapeZoo.sequence(5, 13), owner);
            int held = owner.getManagedArrays().size();

            for (int call = 0; call < 3; call++) {
                try (NDManager batch = manager.newSubManager()) {
                    Map<String, NDArray> in = sequenceInputs(2, call);
                    NDList inputs = new NDList(in.values());
                    inputs.attach(batch);
                    block.predict(inputs);
                }
            }

            assertThat(owner.getManagedArrays()).hasSize(held);
        }
    }

    @Test
    void resizeAndConvTransposeVariantsOutsideTheSetAreRefusedByName() {
        OnnxModel cubic = new OnnxModel(new OnnxGraphBuilder("cubic").opset(13)
                .input("x", ElementType.FLOAT, List.of(1, 1, 4, 4)).output("y", ElementType.FLOAT, List.of(1, 1, 8, 8))
                .initializer("scales", new float[] {1, 1, 2, 2}, 4)
                .node("Resize", List.of("x", "", "scales"), List.of("y"), "bicubic",
                        OnnxGraphBuilder.stringAttr("mode", "cubic"))
                .build());
        OnnxModel shaped = new OnnxModel(new OnnxGraphBuilder("shaped")
                .input("x", ElementType.FLOAT, List.of(1, 1, 4, 4)).output("y", ElementType.FLOAT, List.of(1, 1, 9, 9))
                .initializer("w", new float[9], 1, 1, 3, 3)
                .node("ConvTranspose", List.of("x", "w"), List.of("y"), "deconv",
                        OnnxGraphBuilder.intsAttr("strides", 2, 2), OnnxGraphBuilder.intsAttr("output_shape", 9, 9))
                .build());

        assertThatThrownBy(() -> GraphBlock.of("cubic.onnx", cubic, manager)).isInstanceOf(TrainingException.class)
                .hasMessageContaining("'bicubic' (Resize) uses mode cubic");
        assertThatThrownBy(() -> GraphBlock.of("shaped.onnx", shaped, manager)).isInstanceOf(TrainingException.class)
                .hasMessageContaining("'deconv' (ConvTranspose) sets its output size (output_shape)");
    }

    /**
     * For each named weight W and a random direction D, the block's gradient of L = Σ output × R along D must equal
     * ONNX Runtime's central difference (L(W + εD) − L(W − εD)) / 2ε on the exported graph, within 1 %.
     */
    private void checkGradients(OnnxModel model, Map<String, NDArray> in, List<String> weights) throws Exception {
        GraphBlock block = GraphBlock.of("zoo.onnx", model, manager);
        Random random = new Random(17);
        Map<String, float[]> gradients = new LinkedHashMap<>();
        float[] weighting;
        try (Model holder = Model.newInstance("zoo", Device.cpu(), "PyTorch")) {
            holder.setBlock(block);
            try (Trainer trainer = holder.newTrainer(config());
                 GradientCollector collector = trainer.newGradientCollector()) {
                NDArray out = trainer.forward(new NDList(in.values())).head();
                weighting = OpZoo.gaussian(random, (int) out.size(), 1);
                collector.backward(out.mul(out.getManager().create(weighting, out.getShape())).sum());
                for (String name : weights) {
                    gradients.put(name, parameter(block, name).getArray().getGradient().toFloatArray());
                }
            }
        }
        OnnxModel exported = block.toOnnx();
        float epsilon = 1e-2f;
        for (String name : weights) {
            float[] w = GraphConstants.floats(initializer(exported, name));
            float[] direction = OpZoo.gaussian(random, w.length, 1);
            double analytic = 0;
            for (int i = 0; i < w.length; i++) {
                analytic += (double) gradients.get(name)[i] * direction[i];
            }
            double plus = weighted(withValues(exported, name, w, direction, epsilon), in, weighting);
            double minus = weighted(withValues(exported, name, w, direction, -epsilon), in, weighting);
            double numeric = (plus - minus) / (2 * epsilon);
            System.out.printf("%s: gradient along a random direction %.6g, ORT central difference %.6g%n",
                    name, analytic, numeric);
            assertThat(analytic).as(name).isNotZero();
            // Central differences in float32 agree to about 0.1 %; a gradient missing a path is off by far more.
            assertThat(Math.abs(analytic - numeric)).as(name).isLessThanOrEqualTo(1e-2 * Math.abs(numeric) + 1e-6);
        }
    }

    private double weighted(OnnxModel model, Map<String, NDArray> in, float[] weighting) throws Exception {
        float[] out = Bridge.ortOutputs(model, dir, in).get(0);
        double sum = 0;
        for (int i = 0; i < out.length; i++) {
            sum += (double) out[i] * weighting[i];
        }
        return sum;
    }

    private static OnnxModel withValues(OnnxModel model, String name, float[] w, float[] direction, float step) {
        ByteBuffer bytes = ByteBuffer.allocate(w.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < w.length; i++) {
            bytes.putFloat(w[i] + step * direction[i]);
        }
        GraphProto.Builder graph = model.proto().getGraph().toBuilder();
        for (int i = 0; i < graph.getInitializerCount(); i++) {
            if (graph.getInitializer(i).getName().equals(name)) {
                graph.setInitializer(i, graph.getInitializer(i).toBuilder().setRawData(ByteString.copyFrom(bytes.array())));
            }
        }
        return new OnnxModel(model.proto().toBuilder().setGraph(graph).build());
    }

    private static TensorProto initializer(OnnxModel model, String name) {
        return model.proto().getGraph().getInitializerList().stream().filter(t -> t.getName().equals(name))
                .findFirst().orElseThrow();
    }

    private static Parameter parameter(GraphBlock block, String name) {
        return block.getParameters().values().stream().filter(p -> p.getName().equals(name)).findFirst().orElseThrow();
    }

    private static DefaultTrainingConfig config() {
        return new DefaultTrainingConfig(Loss.l2Loss())
                .optOptimizer(Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.1f)).build())
                .optDevices(new Device[] {Device.cpu()});
    }

    private static Map<String, NDArray> sequenceInputs(int batch, long seed) {
        Random r = new Random(seed);
        long[] ids = new long[batch * ShapeZoo.TOKENS];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = r.nextInt(ShapeZoo.VOCABULARY);
        }
        Map<String, NDArray> in = new LinkedHashMap<>();
        in.put("x", manager.create(OpZoo.gaussian(r, batch * ShapeZoo.TOKENS * ShapeZoo.WIDTH, 1),
                new Shape(batch, ShapeZoo.TOKENS, ShapeZoo.WIDTH)));
        in.put("ids", manager.create(ids, new Shape(batch, ShapeZoo.TOKENS)));
        return in;
    }

    private static Map<String, NDArray> imageInputs(int batch, long seed) {
        long[] dims = {batch, ShapeZoo.IMAGE[0], ShapeZoo.IMAGE[1], ShapeZoo.IMAGE[2]};
        Shape shape = new Shape(dims);
        return Map.of("image", manager.create(OpZoo.gaussian(new Random(seed), (int) shape.size(), 1), shape));
    }
}
