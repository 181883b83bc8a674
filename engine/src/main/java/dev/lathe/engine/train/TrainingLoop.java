package dev.lathe.engine.train;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.lathe.engine.runtime.FloatTensor;

/**
 * Classification training of a block, one batch at a time, on DJL's trainer (which owns gradients and optimizer
 * state). The first output is taken as logits, or as probabilities when an ONNX graph ends in Softmax, so a model
 * exported with its Softmax still trains correctly; the {@link TrainingLoss} (cross-entropy unless given) sees it as
 * log-probabilities.
 *
 * <p>A TorchScript module keeps its own train/eval flag, which DJL's block does not track reliably (it assumes a
 * fresh module is in training mode, while a saved one usually is not). The loop therefore sets training mode itself
 * for its lifetime, so scripted BatchNorm and Dropout behave as in PyTorch's training, and leaves the module in eval
 * mode when it closes, the mode it is run and saved in. Traced modules fix BatchNorm's mode when traced; for them
 * the flag changes nothing.
 */
final class TrainingLoop implements AutoCloseable {
    private final String modelName;
    private final boolean probabilities;
    private final Model model;
    private final Trainer trainer;
    private final Block block;
    private final ParameterConstraint constraint;
    private final TrainingLoss loss;

    TrainingLoop(String modelName, Block block, FineTuneConfig config) {
        this(modelName, block, config, ParameterConstraint.NONE, TrainingLoss.CROSS_ENTROPY);
    }

    TrainingLoop(String modelName, Block block, FineTuneConfig config, ParameterConstraint constraint,
                 TrainingLoss loss) {
        this.modelName = modelName;
        this.block = block;
        this.constraint = constraint;
        this.loss = loss;
        this.probabilities = block instanceof GraphBlock graph && graph.outputsProbabilities();
        this.model = Model.newInstance(modelName, Device.cpu(), "PyTorch");
        model.setBlock(block);
        // DJL's trainer insists on a loss; step() computes its own, which also handles probability outputs.
        DefaultTrainingConfig training = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                .optOptimizer(optimizer(config))
                .optDevices(new Device[] {Device.cpu()});
        this.trainer = model.newTrainer(training);
        if (block instanceof PtSymbolBlock script) {
            JniUtils.enableTrainingMode(script);
        }
    }

    /**
     * One optimizer step on the batch, then the constraint; returns the summed loss and the number of examples
     * predicted right. {@code examples} are the dataset indices of the batch's rows, passed on to the loss.
     */
    BatchResult step(FloatTensor input, int[] labels, int[] examples) throws TrainingException {
        try (NDManager batch = trainer.getManager().newSubManager()) {
            NDArray x = batch.create(input.data(), new Shape(input.shape()));
            NDArray truth = batch.create(labels);
            double summed;
            int correct;
            try (GradientCollector gradients = trainer.newGradientCollector()) {
                NDArray out = trainer.forward(new NDList(x)).head();
                checkClasses(out, labels);
                NDArray logProbabilities = probabilities ? out.clip(1e-12f, 1f).log() : out.logSoftmax(1);
                NDArray mean = loss.mean(logProbabilities, truth, examples);
                gradients.backward(mean);
                summed = mean.getFloat() * labels.length;
                correct = (int) out.argMax(1).toType(DataType.INT32, false).eq(truth).sum().getLong();
            }
            trainer.step();
            constraint.enforce(block);
            return new BatchResult(summed, correct);
        } catch (EngineException e) {
            throw new TrainingException(modelName + ": PyTorch failed on a training batch of shape "
                    + new Shape(input.shape()) + ": " + firstLine(e.getMessage()), e);
        }
    }

    @Override
    public void close() {
        if (block instanceof PtSymbolBlock script) {
            JniUtils.enableInferenceMode(script);
        }
        trainer.close();
        model.close();
    }

    private void checkClasses(NDArray out, int[] labels) throws TrainingException {
        long width = out.getShape().dimension() == 2 ? out.getShape().get(1) : -1;
        for (int label : labels) {
            if (label >= width) {
                throw new TrainingException(modelName + ": its first output has shape " + out.getShape()
                        + ", which gives no score for class " + label + "; training needs one score per class");
            }
        }
    }

    private static Optimizer optimizer(FineTuneConfig config) {
        Tracker rate = Tracker.fixed((float) config.learningRate());
        return switch (config.optimizer()) {
            case SGD -> Optimizer.sgd().setLearningRateTracker(rate).build();
            case ADAM -> Optimizer.adam().optLearningRateTracker(rate).build();
        };
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no message";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    /** A trained batch: summed (not mean) loss, so epochs can average over unequal last batches. */
    record BatchResult(double loss, int correct) {
    }
}
