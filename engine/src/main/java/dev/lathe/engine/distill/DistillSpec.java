package dev.lathe.engine.distill;

import java.util.List;

/**
 * A recipe's {@code distill} step with every parameter explicit: which student to train, and how hard it follows
 * the teacher's softened outputs. A plain value, validated by the recipe parser line by line and again here.
 *
 * @param temperature softens both models' outputs before they are compared; above 0
 * @param alpha       weight of the soft-target loss against the hard-label loss, from 0 to 1
 * @param epochs      passes over the training set; 1 or more
 * @param seed        the student's initial weights and the example order
 */
public record DistillSpec(Student student, double temperature, double alpha, int epochs, long seed) {
    public static final double DEFAULT_TEMPERATURE = 4;
    public static final double DEFAULT_ALPHA = 0.7;
    public static final int DEFAULT_EPOCHS = 5;

    /** The student: the teacher's own architecture made narrower, or a network of a given family. */
    public sealed interface Student {
    }

    /** The teacher's architecture with {@code width} of its channels in every layer; above 0 and below 1. */
    public record Narrower(double width) implements Student {
        public Narrower {
            if (!(width > 0 && width < 1)) {
                throw new IllegalArgumentException("width must be above 0 and below 1, not " + width);
            }
        }
    }

    /** A fresh network of {@code family}, with the given hidden widths (mlp) or channel counts (cnn). */
    public record Family(Kind family, List<Integer> layers) implements Student {
        public Family {
            layers = List.copyOf(layers);
            if (layers.isEmpty() || layers.stream().anyMatch(n -> n < 1)) {
                throw new IllegalArgumentException("layers must list one or more sizes of 1 or more, not " + layers);
            }
        }
    }

    /** Student families Lathe can build. */
    public enum Kind { MLP, CNN }

    public DistillSpec {
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be a positive number, not " + temperature);
        }
        if (!(alpha >= 0 && alpha <= 1)) {
            throw new IllegalArgumentException("alpha must be from 0 to 1, not " + alpha);
        }
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be 1 or more, not " + epochs);
        }
    }
}
