package dev.lathe.engine.device.remote;

import dev.lathe.engine.CancelledException;
import dev.lathe.engine.Progress;
import dev.lathe.engine.device.DeviceException;
import dev.lathe.engine.device.proto.DeviceServiceGrpc;
import dev.lathe.engine.device.proto.EvaluateEvent;
import dev.lathe.engine.device.proto.EvaluateRequest;
import dev.lathe.engine.device.proto.EvaluationSummary;
import io.grpc.StatusRuntimeException;
import java.util.Optional;
import java.util.function.Function;

/** Follows one evaluation on an agent: its place in the queue and progress go to {@link Progress}, then metrics. */
final class EvaluateStream {
    private final DeviceServiceGrpc.DeviceServiceStub stub;
    private final String address;
    private final Function<StatusRuntimeException, DeviceException> translate;

    EvaluateStream(DeviceServiceGrpc.DeviceServiceStub stub, String address,
                   Function<StatusRuntimeException, DeviceException> translate) {
        this.stub = stub;
        this.address = address;
        this.translate = translate;
    }

    EvaluationSummary run(EvaluateRequest request, Progress progress) throws DeviceException, CancelledException {
        EventQueue<EvaluateRequest, EvaluateEvent> events = new EventQueue<>();
        stub.evaluate(request, events);
        EvaluationSummary summary = null;
        try {
            for (Optional<EvaluateEvent> next = events.next(); next.isPresent(); next = events.next()) {
                EvaluateEvent event = next.get();
                if (event.hasQueued()) {
                    int ahead = event.getQueued().getPosition();
                    progress.report(0, -1, "Waiting on " + address + ": " + ahead + (ahead == 1 ? " run" : " runs")
                            + " ahead");
                } else if (event.hasProgress()) {
                    progress.report(event.getProgress().getDone(), event.getProgress().getTotal(),
                            event.getProgress().getMessage());
                } else if (event.hasSummary()) {
                    summary = event.getSummary();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancelledException("Evaluation on " + address);
        } catch (StatusRuntimeException e) {
            if (BenchmarkStream.isBrokenLink(e.getStatus())) {
                throw new DeviceException("Evaluation of " + request.getModelName() + " on " + address
                        + " interrupted: the agent stopped answering (" + e.getStatus().getCode() + "); check the "
                        + "board and run again.", e);
            }
            throw translate.apply(e);
        }
        if (summary == null) {
            throw new DeviceException("Evaluation of " + request.getModelName() + " on " + address + " interrupted: "
                    + "the agent ended the run without its metrics; run it again.");
        }
        return summary;
    }
}
