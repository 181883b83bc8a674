package dev.lathe.engine.runtime.executorch;

import dev.lathe.engine.hardware.KnownRuntime;
import dev.lathe.engine.runtime.FormatRuntime;
import dev.lathe.engine.runtime.InferenceException;
import dev.lathe.engine.runtime.InferenceSession;
import dev.lathe.engine.runtime.SessionOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * ExecuTorch, for {@code .pte} programs: every session is a {@link RunnerBinary runner} process of its own holding
 * one program, so a program that crashes the runtime costs that session's run and nothing else (ADR 0013). Nothing
 * native loads into this process, so it is registered where a process's runtimes are built, beside the model worker's.
 */
public final class ExecuTorchRuntime implements FormatRuntime {
    private final RunnerBinary runner;
    private final String survivor;
    private String version;

    /** @param survivor what a crash message says carries on, like "the board is fine" */
    public ExecuTorchRuntime(RunnerBinary runner, String survivor) {
        this.runner = runner;
        this.survivor = survivor;
    }

    /** The runtime, where this process finds a runner ({@link RunnerBinary#find()}). */
    public static Optional<ExecuTorchRuntime> installed(String survivor) {
        return RunnerBinary.find().map(binary -> new ExecuTorchRuntime(binary, survivor));
    }

    @Override
    public String id() {
        return KnownRuntime.EXECUTORCH.id();
    }

    @Override
    public String name() {
        return "ExecuTorch";
    }

    /** The version the runner was built against, as it reports it (asked once). */
    @Override
    public synchronized String version() {
        if (version == null) {
            try {
                version = runner.version();
            } catch (IOException e) {
                return "(unknown: " + e.getMessage() + ")";
            }
        }
        return version;
    }

    @Override
    public InferenceSession open(Path model, String name, Optional<long[]> inputShape, SessionOptions options)
            throws InferenceException {
        RunnerProcess process = RunnerProcess.start(runner, model, name, options.threads(), survivor);
        try {
            ProgramDescription program = ProgramDescription.parse(process.description());
            if (program.inputs().isEmpty()) {
                throw new InferenceException(name + ": method " + program.method() + " takes no input; Lathe feeds "
                        + "a model at least one");
            }
            return new ExecuTorchSession(process, program, name);
        } catch (InferenceException | RuntimeException e) {
            process.close();
            throw e;
        }
    }
}
