package dev.lathe.agent;

import dev.lathe.engine.task.CancelledException;
import dev.lathe.engine.task.LatheException;
import dev.lathe.engine.task.Progress;
import dev.lathe.engine.device.proto.ProgressUpdate;
import io.grpc.Status;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A run that ends in one result (an evaluation, a fidelity comparison): waits its turn in the same queue as
 * benchmarks (it would disturb their timing), does its work with the engine's own code while streaming progress,
 * then sends the result.
 */
final class ResultRun<E> implements Runnable {
    /** The work itself; returns the event that carries its result. */
    interface Work<E> {
        E run(Progress progress) throws LatheException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(ResultRun.class);

    private final String id;
    private final String what;
    private final Work<E> work;
    private final IntFunction<E> queued;
    private final Function<ProgressUpdate, E> progress;
    private final EventSink<E> events;
    private final RunQueue queue;

    ResultRun(String id, String what, Work<E> work, IntFunction<E> queued, Function<ProgressUpdate, E> progress,
              EventSink<E> events, RunQueue queue) {
        this.id = id;
        this.what = what;
        this.work = work;
        this.queued = queued;
        this.progress = progress;
        this.events = events;
        this.queue = queue;
    }

    @Override
    public void run() {
        try {
            queue.enter(id, ahead -> events.send(queued.apply(ahead)));
        } catch (InterruptedException e) {
            events.fail(Status.CANCELLED.withDescription("run " + id + " was cancelled while queued").asRuntimeException());
            return;
        }
        LOG.info("{} {} started", what, LogText.of(id));
        try {
            E result = work.run((done, total, message) -> events.send(progress.apply(ProgressUpdate.newBuilder()
                    .setDone(done).setTotal(total).setMessage(message).build())));
            events.send(result);
            events.complete();
            LOG.info("{} {} finished", what, LogText.of(id));
        } catch (CancelledException e) {
            events.fail(Status.CANCELLED.withDescription("run " + id + " was cancelled").asRuntimeException());
        } catch (LatheException e) {
            LOG.warn("{} {} failed: {}", what, LogText.of(id), LogText.of(e.getMessage()), e);
            events.fail(Status.FAILED_PRECONDITION.withDescription(e.getMessage()).asRuntimeException());
        } catch (RuntimeException e) {
            LOG.error("{} {} crashed", what, LogText.of(id), e);
            events.fail(Status.INTERNAL.withDescription("the agent failed running the " + what.toLowerCase(
                    Locale.ROOT) + " (" + e + "); its log has the details").asRuntimeException());
        } finally {
            queue.leave(id);
        }
    }
}
