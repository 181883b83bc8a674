package dev.lathe.engine.distill;

import dev.lathe.engine.parameter.ParameterException;
import dev.lathe.engine.train.FinetuneSpec;
import java.util.List;

/**
 * A recipe's {@code distill} step with every parameter explicit: which student to train, and how hard it follows
 * the teacher's softened outputs. Its constructors hold every rule of a distill step and name the recipe key at fault
 * ({@link ParameterException}); the recipe parser adds the line.
 *
 * @param temperature softens both models' outputs before they are compared; above 0 and at most 100
 * @param alpha       weight of the soft-target loss against the hard-label loss, from 0 to 1
 * @param epochs      passes over the training set; 1 or more
 * @param seed        the student's initial weights and the example order
 */
public record DistillSpec(Student student, double temperature, double alpha, int epochs, long seed) {
    public static final double DEFAULT_TEMPERATURE = 4;
    public static final double DEFAULT_ALPHA = 0.7;
    public static final int DEFAULT_EPOCHS = 5;
    /** The widest layer a family student may ask for: wider makes nothing lean. */
    public static final int MAX_LAYER = 65_536;

    /** The student: the teacher's own architecture made narrower, or a network of a given family. */
    public sealed interface Student {
    }

    /** The teacher's architecture with {@code width} of its channels in every layer; above 0 and below 1. */
    public record Narrower(double width) implements Student {
        public Narrower {
            ParameterException.require(width > 0 && width < 1, "width", "'width' is the student's share of the "
                    + "teacher's channels: above 0 and below 1 (a student as wide as its teacher, or wider, makes "
                    + "nothing leaner), like 0.5, not " + width);
        }
    }

    /** A fresh network of {@code family}, with the given hidden widths (mlp) or channel counts (cnn). */
    public record Family(Kind family, List<Integer> layers) implements Student {
        public Family {
            layers = List.copyOf(layers);
            ParameterException.require(!layers.isEmpty(), "layers", "'layers' must list at least one size, like [128]");
            for (int n : layers) {
                ParameterException.require(n >= 1 && n <= MAX_LAYER, "layers", "'layers' sizes must be from 1 to "
                        + MAX_LAYER + ", not " + n);
            }
        }
    }

    /** Student families Lathe can build. */
    public enum Kind { MLP, CNN }

    /** @throws ParameterException naming the recipe key of a parameter out of range */
    public DistillSpec {
        ParameterException.require(temperature > 0 && temperature <= 100, "temperature",
                "'temperature' must be above 0 and at most 100, like 4, not " + temperature);
        ParameterException.require(alpha >= 0 && alpha <= 1, "alpha",
                "'alpha' is the weight of the soft-target loss: from 0 to 1, like 0.7, not " + alpha);
        ParameterException.fromOneTo(epochs, FinetuneSpec.MAX_EPOCHS, "epochs");
    }
}
