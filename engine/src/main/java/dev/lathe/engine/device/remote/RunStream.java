package dev.lathe.engine.device.remote;

import dev.lathe.engine.task.CancelledException;
import dev.lathe.engine.task.Progress;
import dev.lathe.engine.device.DeviceException;
import dev.lathe.engine.device.proto.ProgressUpdate;
import io.grpc.StatusRuntimeException;
import java.util.Optional;
import java.util.function.Function;

/**
 * Follows a run on an agent whose stream carries its place in the queue, progress, then one result (an evaluation's
 * metrics, a fidelity report): queue and progress go to {@link Progress} on the caller's thread.
 */
final class RunStream<E, R> {
    private final String address;
    private final Function<StatusRuntimeException, DeviceException> translate;
    private final Function<E, Optional<Integer>> queued;
    private final Function<E, Optional<ProgressUpdate>> update;
    private final Function<E, Optional<R>> result;

    RunStream(String address, Function<StatusRuntimeException, DeviceException> translate,
              Function<E, Optional<Integer>> queued, Function<E, Optional<ProgressUpdate>> update,
              Function<E, Optional<R>> result) {
        this.address = address;
        this.translate = translate;
        this.queued = queued;
        this.update = update;
        this.result = result;
    }

    /** @param what the run, as a user would name it ("Evaluation of cnn.onnx") */
    R follow(EventQueue<?, E> events, String what, Progress progress) throws DeviceException, CancelledException {
        R outcome = null;
        try {
            for (Optional<E> next = events.next(); next.isPresent(); next = events.next()) {
                E event = next.get();
                Optional<Integer> ahead = queued.apply(event);
                if (ahead.isPresent()) {
                    progress.report(0, -1, "Waiting on " + address + ": " + ahead.get()
                            + (ahead.get() == 1 ? " run" : " runs") + " ahead");
                }
                update.apply(event).ifPresent(p -> progress.report(p.getDone(), p.getTotal(), p.getMessage()));
                outcome = result.apply(event).orElse(outcome);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancelledException(what + " on " + address);
        } catch (StatusRuntimeException e) {
            if (BenchmarkStream.isBrokenLink(e.getStatus())) {
                throw new DeviceException(what + " on " + address + " interrupted: the agent stopped answering ("
                        + e.getStatus().getCode() + "); check the board and run again.", e);
            }
            throw translate.apply(e);
        }
        if (outcome == null) {
            throw new DeviceException(what + " on " + address + " interrupted: the agent ended the run without its "
                    + "result; run it again.");
        }
        return outcome;
    }
}
