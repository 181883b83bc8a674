package dev.lathe.engine.runtime;

import java.io.Serializable;

/**
 * How a session's runs are timed: {@code warmup} runs not counted, then counted runs until both {@code iterations}
 * and {@code minDurationSeconds} are reached.
 */
public record TimingPlan(int warmup, int iterations, double minDurationSeconds) implements Serializable {
    public TimingPlan {
        if (warmup < 0 || iterations < 0 || minDurationSeconds < 0 || (iterations == 0 && minDurationSeconds == 0)) {
            throw new IllegalArgumentException("a timing needs warm-up runs 0 or more and at least one counted run or "
                    + "second, got " + warmup + ", " + iterations + ", " + minDurationSeconds);
        }
    }
}
