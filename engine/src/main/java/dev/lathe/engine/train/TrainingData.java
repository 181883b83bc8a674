package dev.lathe.engine.train;

import dev.lathe.engine.data.Dataset;
import dev.lathe.engine.data.Preprocessing;

/**
 * A training set opened once for a whole recipe run: its examples, the preprocessing evaluation would apply to them
 * for this model (so a model is trained on what it will be measured on), and its hash for the variants' provenance.
 */
public record TrainingData(Dataset data, Preprocessing preprocessing, String sha256) {
}
