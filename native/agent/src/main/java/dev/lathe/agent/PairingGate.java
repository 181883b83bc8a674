package dev.lathe.agent;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;

/**
 * Pairing behind the throttle: a client that must wait is refused before its token is looked at, so a right guess
 * during a wait is refused like a wrong one, and attempts go one at a time, so parallel guesses count one by one.
 */
final class PairingGate {
    /** What became of one attempt. */
    sealed interface Outcome permits Paired, Wrong, Waiting {
    }

    record Paired(PairingStore.Credential credential) implements Outcome {
    }

    /** A wrong token; {@code nextWait} is zero while the client has free tries left. */
    record Wrong(Duration nextWait) implements Outcome {
    }

    /** Not looked at: the client must wait this long still. */
    record Waiting(Duration left) implements Outcome {
    }

    private final PairingStore store;
    private final PairingThrottle throttle;

    PairingGate(PairingStore store, PairingThrottle throttle) {
        this.store = store;
        this.throttle = throttle;
    }

    synchronized Outcome pair(InetAddress client, String token, String clientName) throws IOException {
        Duration wait = throttle.waitFor(client);
        if (!wait.isZero()) {
            return new Waiting(wait);
        }
        var credential = store.pair(token, clientName);
        if (credential.isEmpty()) {
            return new Wrong(throttle.wrong(client));
        }
        throttle.paired(client);
        return new Paired(credential.get());
    }
}
