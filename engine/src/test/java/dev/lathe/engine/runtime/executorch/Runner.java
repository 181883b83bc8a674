package dev.lathe.engine.runtime.executorch;

import org.junit.jupiter.api.Assumptions;

/**
 * The ExecuTorch runner the build made ({@link RunnerBinary#find()}). Absent, tests are skipped with the reason
 * printed, except under CI ({@code CI=true}), where absence fails.
 */
public final class Runner {
    private Runner() {
    }

    public static RunnerBinary require() {
        return RunnerBinary.find().orElseGet(() -> {
            String reason = "ExecuTorch runner not found: the build makes it where an ExecuTorch install, CMake and a "
                    + "C++ compiler are present (" + RunnerBinary.README + "), or name it with -D"
                    + RunnerBinary.PROPERTY;
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError(reason + "; under CI=true it is required");
            }
            System.out.println("SKIPPED: " + reason);
            Assumptions.abort(reason);
            return null;
        });
    }
}
