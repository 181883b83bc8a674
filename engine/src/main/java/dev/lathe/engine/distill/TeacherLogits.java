package dev.lathe.engine.distill;

/**
 * The teacher's scores for the first {@code count} training examples, row after row, before any temperature.
 *
 * @param inferred examples the teacher ran on to produce them: 0 when they were read from the cache
 */
record TeacherLogits(float[] logits, int classes, int count, int inferred) {

    /** The rows of the given examples, in that order. */
    float[] rows(int[] examples) {
        float[] out = new float[examples.length * classes];
        for (int i = 0; i < examples.length; i++) {
            System.arraycopy(logits, examples[i] * classes, out, i * classes, classes);
        }
        return out;
    }
}
