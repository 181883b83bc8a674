package dev.lathe.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.lathe.engine.device.proto.DeviceServiceGrpc;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Whatever a client sends, a real agent (its gRPC server with TLS and the auth check, its service, ONNX Runtime on
 * this computer) answers every call with a result or a status that says what was wrong: never an uncaught exception
 * (UNKNOWN) or an internal error (INTERNAL), never silence, and it keeps serving. The fuzzer's bytes are the request
 * messages as they travel, sent to any of the agent's methods, paired or not; half of the time the request is pointed
 * at files the agent holds ({@link FuzzAgent}), so it gets past "upload it first" to the settings and the run.
 * Regression inputs: {@code DeviceServiceFuzzTestInputs/}.
 */
class DeviceServiceFuzzTest {
    /** A call must close, or show it is at work (queued, progress, a sample), within this. */
    private static final long ANSWER_SECONDS = 20;
    /** A call that is at work is let run this long, then cancelled: a run that ends early is answered in full. */
    private static final long RUN_MILLIS = 300;
    private static final List<MethodDescriptor<byte[], byte[]>> METHODS = DeviceServiceGrpc.getServiceDescriptor()
            .getMethods().stream()
            .sorted(Comparator.comparing(MethodDescriptor::getFullMethodName))
            .map(DeviceServiceFuzzTest::raw)
            .toList();

    @FuzzTest(maxDuration = "10s")
    void anyRequestIsAnsweredWithAResultOrAStatusSayingWhy(FuzzedDataProvider data) throws Exception {
        FuzzAgent agent = FuzzAgent.get();
        MethodDescriptor<byte[], byte[]> method = METHODS.get(data.consumeInt(0, METHODS.size() - 1));
        boolean paired = data.consumeInt(0, 7) != 0;
        boolean held = data.consumeBoolean();
        int chunks = data.consumeInt(1, 3);
        byte[] bytes = data.consumeRemainingAsBytes();
        String name = method.getBareMethodName();
        byte[] request = held ? agent.pointAtHeldFiles(name, bytes) : bytes;
        Call call = new Call(paired ? agent.pairedChannel() : agent.unpairedChannel(), method);
        call.send(request, method.getType() == MethodDescriptor.MethodType.CLIENT_STREAMING ? chunks : 1);
        call.assertAnswered(name);
    }

    private static MethodDescriptor<byte[], byte[]> raw(MethodDescriptor<?, ?> method) {
        return MethodDescriptor.<byte[], byte[]>newBuilder()
                .setType(method.getType())
                .setFullMethodName(method.getFullMethodName())
                .setRequestMarshaller(Bytes.MARSHALLER)
                .setResponseMarshaller(Bytes.MARSHALLER)
                .build();
    }

    /** One call with raw bytes, recording the first sign of life and how it closed. */
    private static final class Call extends ClientCall.Listener<byte[]> {
        private final ClientCall<byte[], byte[]> call;
        private final CompletableFuture<Status> closed = new CompletableFuture<>();
        private final CompletableFuture<Void> answered = new CompletableFuture<>();
        private volatile boolean cancelledByUs;

        Call(ManagedChannel channel, MethodDescriptor<byte[], byte[]> method) {
            call = channel.newCall(method, CallOptions.DEFAULT);
            call.start(this, new Metadata());
            call.request(Integer.MAX_VALUE);
        }

        void send(byte[] request, int times) {
            for (int i = 0; i < times; i++) {
                call.sendMessage(request);
            }
            call.halfClose();
        }

        void assertAnswered(String method) throws Exception {
            try {
                answered.get(ANSWER_SECONDS, TimeUnit.SECONDS);
            } catch (TimeoutException silent) {
                call.cancel("fuzz test: no answer", null);
                throw new AssertionError(method + ": no answer within " + ANSWER_SECONDS + " s");
            }
            if (!closed.isDone()) {
                try {
                    closed.get(RUN_MILLIS, TimeUnit.MILLISECONDS);
                } catch (TimeoutException running) {
                    cancelledByUs = true;
                    call.cancel("fuzz test: enough", null);
                }
            }
            Status status = closed.get(ANSWER_SECONDS, TimeUnit.SECONDS);
            if (status.isOk() || cancelledByUs && status.getCode() == Status.Code.CANCELLED) {
                return;
            }
            assertThat(status.getCode()).as(method + ": " + status).isNotIn(Status.Code.UNKNOWN, Status.Code.INTERNAL);
            assertThat(status.getDescription()).as(method + ": a status that says why (" + status + ")").isNotBlank();
        }

        @Override
        public void onMessage(byte[] message) {
            answered.complete(null);
        }

        @Override
        public void onClose(Status status, Metadata trailers) {
            answered.complete(null);
            closed.complete(status);
        }
    }

    /** Messages as the bytes they travel as. */
    static final class Bytes implements MethodDescriptor.Marshaller<byte[]> {
        static final Bytes MARSHALLER = new Bytes();

        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
