package dev.lathe.agent;

import io.grpc.ForwardingServerCallListener;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses a request that is not a message of its method's type with INVALID_ARGUMENT, saying so. Left to gRPC, such
 * bytes end the call as UNKNOWN ("Application error processing RPC") and print a stack trace on the agent's stderr,
 * once per message: what the fuzz test found first. The service sees requests as bytes here, checked against the
 * method's own marshaller before they are handed on.
 */
final class WellFormedRequests implements ServerInterceptor {
    private static final Logger LOG = LoggerFactory.getLogger(WellFormedRequests.class);
    private static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
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
    };

    private final ServerServiceDefinition typed;

    private WellFormedRequests(ServerServiceDefinition typed) {
        this.typed = typed;
    }

    /** The service, taking bytes, with every request checked before it reaches {@code service}'s interceptors. */
    static ServerServiceDefinition guard(ServerServiceDefinition service) {
        return ServerInterceptors.intercept(ServerInterceptors.useMarshalledMessages(service, BYTES),
                new WellFormedRequests(service));
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                       ServerCallHandler<Q, R> next) {
        MethodDescriptor<?, ?> method = typed.getMethod(call.getMethodDescriptor().getFullMethodName())
                .getMethodDescriptor();
        return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(next.startCall(call, headers)) {
            private boolean refused;

            @Override
            public void onMessage(Q message) {
                if (refused) {
                    return;
                }
                try {
                    method.parseRequest(new ByteArrayInputStream((byte[]) message));
                } catch (StatusRuntimeException | IllegalArgumentException notAMessage) {
                    refused = true;
                    String type = method.getRequestMarshaller() instanceof MethodDescriptor.ReflectableMarshaller<?> r
                            ? r.getMessageClass().getSimpleName() : "request";
                    LOG.warn("Refused {} from {}: not a {} message", method.getFullMethodName(),
                            call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR), type);
                    call.close(Status.INVALID_ARGUMENT.withDescription("the request is not a valid " + type
                            + " message of the Lathe device protocol: update the workbench, or report this to Lathe"),
                            new Metadata());
                    return;
                }
                super.onMessage(message);
            }

            @Override
            public void onHalfClose() {
                if (!refused) {
                    super.onHalfClose();
                }
            }
        };
    }
}
