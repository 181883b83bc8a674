package dev.lathe.engine.fidelity;

/**
 * How closely a variant's outputs follow its parent's on the same inputs.
 *
 * @param cosine        mean over examples of the cosine similarity of the two output rows (1 = same direction)
 * @param maxAbsError   largest absolute difference of any output value
 * @param top1Agreement fraction of examples whose highest-scoring output is the same in both
 * @param samples       examples compared
 * @param inputs        where the inputs came from: a dataset's name, or "synthetic (seed N)"
 */
public record FidelityReport(double cosine, double maxAbsError, double top1Agreement, int samples, String inputs) {
}
