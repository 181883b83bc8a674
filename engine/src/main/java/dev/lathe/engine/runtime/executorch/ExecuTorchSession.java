package dev.lathe.engine.runtime.executorch;

import dev.lathe.engine.model.TensorInfo;
import dev.lathe.engine.runtime.CompanionInputs;
import dev.lathe.engine.runtime.FloatTensor;
import dev.lathe.engine.runtime.InferenceException;
import dev.lathe.engine.runtime.InferenceSession;
import dev.lathe.engine.runtime.LatencyListener;
import dev.lathe.engine.runtime.ProcessMemory;
import dev.lathe.engine.runtime.Timing;
import dev.lathe.engine.runtime.TimingPlan;
import dev.lathe.engine.task.CancelledException;
import dev.lathe.engine.task.Progress;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalDouble;
import java.util.stream.Collectors;

/**
 * A program loaded by its own runner process. Runs are requests to it; a benchmark binds the input there once and
 * times loops of runs there, each latency the runner's own clock around ExecuTorch's execute call, so neither the
 * trip through the pipe nor a pause between runs is counted. Inputs after the first get {@link CompanionInputs neutral values}; outputs of any element type come back
 * as floats.
 */
final class ExecuTorchSession implements InferenceSession {
    private final RunnerProcess runner;
    private final ProgramDescription program;
    private final String modelName;

    ExecuTorchSession(RunnerProcess runner, ProgramDescription program, String modelName) {
        this.runner = runner;
        this.program = program;
        this.modelName = modelName;
    }

    @Override
    public String runtime() {
        return "ExecuTorch " + program.version();
    }

    @Override
    public List<TensorInfo> inputs() {
        return program.inputs();
    }

    @Override
    public List<TensorInfo> outputs() {
        return program.outputs();
    }

    @Override
    public OptionalDouble loadMillis() {
        return OptionalDouble.of(program.loadMillis());
    }

    @Override
    public FloatTensor run(FloatTensor input) throws InferenceException {
        ByteBuffer answer = request('R', inputs(input), "running").body();
        answer.getLong();  // the execute time, which only a timed run reports
        int count = answer.getInt();
        if (count == 0) {
            throw new InferenceException(modelName + ": method " + program.method() + " returns nothing");
        }
        int type = answer.get() & 0xff;
        long[] shape = new long[answer.getInt()];
        for (int d = 0; d < shape.length; d++) {
            shape[d] = answer.getLong();
        }
        long bytes = answer.getLong();
        var element = ElementTypes.of(type);
        if (element == dev.lathe.engine.model.ElementType.OTHER) {
            throw new InferenceException(modelName + ": output 0 has an element type Lathe cannot read (ExecuTorch "
                    + "scalar type " + type + ")");
        }
        int n = Math.toIntExact(bytes / ElementTypes.bytes(element));
        return new FloatTensor(ElementTypes.decode(answer, element, n), shape);
    }

    @Override
    public void runOnZeros() throws InferenceException {
        TensorInfo first = program.inputs().get(0);
        long[] shape = fixedShape(first);
        run(new FloatTensor(new float[Math.toIntExact(FloatTensor.elementCount(shape))], shape));
    }

    @Override
    public BoundInput bind(FloatTensor input) throws InferenceException {
        request('B', inputs(input), "binding the input of");
        return new BoundInput() {
            @Override
            public void run() throws InferenceException {
                request('X', new byte[0], "running");
            }

            @Override
            public void close() {
            }
        };
    }

    /**
     * Times runs in the runner: the input is bound there once, then runs go back to back in loops of about a tenth
     * of a second each, every latency the runner's clock around one execute call (see {@link RunnerLoops}).
     */
    @Override
    public Timing time(FloatTensor input, TimingPlan plan, LatencyListener listener, Progress progress)
            throws InferenceException, CancelledException {
        runner.request('B', inputs(input), "binding the input of");
        long[] samples = new RunnerLoops(runner).time(plan, listener, progress);
        return new Timing(samples, ProcessMemory.peakRssBytes(runner.pid()));
    }

    /**
     * A request whose caller can only fail with an {@link InferenceException}: a cancel (the thread interrupted, the
     * runner stopped) becomes one with the cancel's message, and the thread stays interrupted for the caller's own
     * check ({@link CancelledException#checkpoint}).
     */
    private RunnerProcess.Answer request(char kind, byte[] body, String doing) throws InferenceException {
        try {
            return runner.request(kind, body, doing);
        } catch (CancelledException e) {
            throw new InferenceException(e.getMessage(), e);
        }
    }

    /** The request body: the input count, then each input's byte size and bytes in the program's element type. */
    private byte[] inputs(FloatTensor input) throws InferenceException {
        List<TensorInfo> declared = program.inputs();
        TensorInfo first = declared.get(0);
        if (!Arrays.equals(input.shape(), fixedShape(first))) {
            throw new InferenceException(modelName + ": input '" + first.name() + "' takes " + first.describe()
                    + ", got " + Arrays.stream(input.shape()).mapToObj(Long::toString).collect(Collectors.joining("×"))
                    + "; an ExecuTorch program's shapes are fixed when it is exported");
        }
        List<byte[]> encoded = new ArrayList<>();
        encoded.add(ElementTypes.encode(input.data(), first.type()));
        for (TensorInfo companion : declared.subList(1, declared.size())) {
            encoded.add(ElementTypes.encode(CompanionInputs.neutral(first, input.shape(), companion).data(),
                    companion.type()));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(encoded.size()).array());
        for (byte[] e : encoded) {
            out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(e.length).array());
            out.writeBytes(e);
        }
        return out.toByteArray();
    }

    private static long[] fixedShape(TensorInfo input) {
        return input.shape().stream().mapToLong(d -> d.size()).toArray();
    }

    @Override
    public void close() {
        runner.close();
    }
}
