package dev.lathe.agent;

import dev.lathe.engine.CancelledException;
import dev.lathe.engine.LatheException;
import dev.lathe.engine.data.Dataset;
import dev.lathe.engine.data.Datasets;
import dev.lathe.engine.device.Device;
import dev.lathe.engine.device.EvalRequest;
import dev.lathe.engine.device.ModelHandle;
import dev.lathe.engine.device.proto.EvaluateEvent;
import dev.lathe.engine.device.proto.ProgressUpdate;
import dev.lathe.engine.device.proto.Queued;
import dev.lathe.engine.device.remote.ProtocolMessages;
import dev.lathe.engine.eval.EvaluationResult;
import io.grpc.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One evaluation on this board: waits its turn in the same queue as benchmarks (it would disturb their timing),
 * opens the dataset the engine's way, evaluates with the engine's own code, then sends the metrics.
 */
final class EvaluateRun implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(EvaluateRun.class);

    private final String id;
    private final ModelHandle model;
    private final EvalRequest request;
    private final EventSink<EvaluateEvent> events;
    private final Device device;
    private final RunQueue queue;

    EvaluateRun(String id, ModelHandle model, EvalRequest request, EventSink<EvaluateEvent> events, Device device,
                RunQueue queue) {
        this.id = id;
        this.model = model;
        this.request = request;
        this.events = events;
        this.device = device;
        this.queue = queue;
    }

    @Override
    public void run() {
        try {
            queue.enter(id, ahead -> events.send(EvaluateEvent.newBuilder()
                    .setQueued(Queued.newBuilder().setPosition(ahead)).build()));
        } catch (InterruptedException e) {
            events.fail(Status.CANCELLED.withDescription("run " + id + " was cancelled while queued").asRuntimeException());
            return;
        }
        try {
            Dataset data = Datasets.open(request.dataset(), request.labelColumn());
            EvaluationResult result = device.evaluate(model, data, request, (done, total, message) -> events.send(
                    EvaluateEvent.newBuilder().setProgress(ProgressUpdate.newBuilder().setDone(done).setTotal(total)
                            .setMessage(message)).build()));
            events.send(EvaluateEvent.newBuilder().setSummary(ProtocolMessages.toProto(result)).build());
            events.complete();
            LOG.info("Evaluation {} finished: top-1 {} on {} examples", id, result.top1(), result.samples());
        } catch (CancelledException e) {
            events.fail(Status.CANCELLED.withDescription("run " + id + " was cancelled").asRuntimeException());
        } catch (LatheException e) {
            LOG.warn("Evaluation {} failed: {}", id, e.getMessage(), e);
            events.fail(Status.FAILED_PRECONDITION.withDescription(e.getMessage()).asRuntimeException());
        } catch (RuntimeException e) {
            LOG.error("Evaluation {} crashed", id, e);
            events.fail(Status.INTERNAL.withDescription("the agent failed running the evaluation (" + e
                    + "); its log has the details").asRuntimeException());
        } finally {
            queue.leave(id);
        }
    }
}
