package dev.lathe.agent;

import dev.lathe.engine.device.proto.DeviceServiceGrpc;
import dev.lathe.engine.device.remote.ProtocolVersion;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.net.SocketAddress;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets a call through only when its client speaks this protocol major and, for everything but pairing, presents a
 * credential this agent issued. Refusals say what to do, because they end up in front of a user.
 */
final class AuthInterceptor implements ServerInterceptor {
    private static final Logger LOG = LoggerFactory.getLogger(AuthInterceptor.class);
    private static final String PAIR = DeviceServiceGrpc.getPairMethod().getFullMethodName();
    /** The address a Pair call came from, for {@link DeviceService#pair}. */
    static final Context.Key<SocketAddress> CLIENT_ADDRESS = Context.key("lathe-client-address");

    private final PairingStore pairing;

    AuthInterceptor(PairingStore pairing) {
        this.pairing = pairing;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                       ServerCallHandler<Q, R> next) {
        String method = call.getMethodDescriptor().getFullMethodName();
        Optional<String> versionRefusal = ProtocolVersion.refusal(headers.get(ProtocolVersion.HEADER));
        if (versionRefusal.isPresent()) {
            return refuse(call, Status.FAILED_PRECONDITION.withDescription(versionRefusal.get()), method);
        }
        if (method.equals(PAIR)) {
            // Pairing is throttled per client address, which only the transport knows.
            Context withAddress = Context.current().withValue(CLIENT_ADDRESS,
                    call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR));
            return Contexts.interceptCall(withAddress, call, headers, next);
        }
        String bearer = headers.get(ProtocolVersion.AUTHORIZATION);
        if (bearer == null) {
            return refuse(call, Status.UNAUTHENTICATED.withDescription("this workbench is not paired with the agent: "
                    + "pair it with the token the agent printed at start (pairing token: XXXX-XXXX-XXXX)"), method);
        }
        if (!pairing.accepts(bearer)) {
            return refuse(call, Status.UNAUTHENTICATED.withDescription("the agent does not know this workbench's "
                    + "pairing (unpaired, or the agent's data folder was reset): pair again with the agent's token"),
                    method);
        }
        return next.startCall(call, headers);
    }

    private static <Q, R> ServerCall.Listener<Q> refuse(ServerCall<Q, R> call, Status status, String method) {
        // The description can quote what the client sent (its protocol header).
        LOG.warn("Refused {} from {}: {}", method, call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR),
                LogText.of(status.getDescription()));
        call.close(status, new Metadata());
        return new ServerCall.Listener<>() {
        };
    }
}
