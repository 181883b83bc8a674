package dev.lathe.engine.distill;

import dev.lathe.engine.train.FineTuneConfig;
import java.util.Locale;

/**
 * How to distil, every setting explicit so provenance records it and the same values and seed reproduce the student
 * bit for bit.
 *
 * @param temperature softens both distributions before they are compared (Hinton et al. use 2–20)
 * @param alpha       weight of the soft-target term; {@code 1 − alpha} weighs cross-entropy on the labels
 * @param training    optimizer, learning rate, batch size, epochs, seed and example limit of the student's training
 */
public record DistillConfig(double temperature, double alpha, FineTuneConfig training) {

    public DistillConfig {
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "temperature must be a positive number (4 is usual), not %s", temperature));
        }
        if (!(alpha >= 0 && alpha <= 1)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "alpha must be between 0 (labels only) and 1 (soft targets only), not %s", alpha));
        }
    }
}
