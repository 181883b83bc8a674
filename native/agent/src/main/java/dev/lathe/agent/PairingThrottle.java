package dev.lathe.agent;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Slows down guessing the pairing token, per client: the first {@link #FREE_TRIES} wrong tokens are answered at once;
 * from then on each wrong token makes the client wait twice as long as the last time (1 s, 2 s, 4 s … up to
 * {@link #LONGEST_WAIT}) before another token of its is even looked at. The right token clears the count, as does
 * {@link #FORGET_AFTER} without a wrong one. A client is an IPv4 address, or an IPv6 /64 (what one host usually
 * holds). The token's 60 bits already put guessing out of reach; this keeps guessers out of the log and off the CPU.
 */
final class PairingThrottle {
    static final int FREE_TRIES = 5;
    static final Duration FIRST_WAIT = Duration.ofSeconds(1);
    static final Duration LONGEST_WAIT = Duration.ofMinutes(15);
    static final Duration FORGET_AFTER = Duration.ofHours(1);
    /** Clients remembered at most; beyond, the one whose last wrong token is oldest is forgotten. */
    static final int MAX_CLIENTS = 10_000;

    private record Tries(int wrong, Instant last, Instant until) {
    }

    private final Clock clock;
    private final Map<String, Tries> clients = new LinkedHashMap<>();

    PairingThrottle(Clock clock) {
        this.clock = clock;
    }

    /** How long {@code client} must still wait before a token it sends is looked at; zero when it may try now. */
    synchronized Duration waitFor(InetAddress client) {
        Tries t = clients.get(key(client));
        Instant now = clock.instant();
        return t == null || !t.until().isAfter(now) ? Duration.ZERO : Duration.between(now, t.until());
    }

    /** Counts a wrong token from {@code client} and returns how long it must now wait (zero while tries are free). */
    synchronized Duration wrong(InetAddress client) {
        Instant now = clock.instant();
        String key = key(client);
        Tries before = clients.remove(key);
        int wrong = before == null || before.last().plus(FORGET_AFTER).isBefore(now) ? 1 : before.wrong() + 1;
        Duration wait = wrong < FREE_TRIES ? Duration.ZERO : backOff(wrong - FREE_TRIES);
        clients.put(key, new Tries(wrong, now, now.plus(wait)));
        forgetOldest(now);
        return wait;
    }

    /** The right token: {@code client} starts afresh. */
    synchronized void paired(InetAddress client) {
        clients.remove(key(client));
    }

    /** How the refusal names the client: its address, or its IPv6 /64. */
    static String name(InetAddress client) {
        return key(client);
    }

    /** "30 s", or "4 min" for waits of two minutes and more; rounded up, so trying then succeeds. */
    static String inWords(Duration wait) {
        long seconds = (wait.toMillis() + 999) / 1000;
        return seconds < 120 ? seconds + " s" : (seconds + 59) / 60 + " min";
    }

    private static Duration backOff(int doublings) {
        return doublings >= 20 ? LONGEST_WAIT : min(FIRST_WAIT.multipliedBy(1L << doublings), LONGEST_WAIT);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private void forgetOldest(Instant now) {
        clients.values().removeIf(t -> t.last().plus(FORGET_AFTER).isBefore(now) && !t.until().isAfter(now));
        for (Iterator<String> eldest = clients.keySet().iterator(); clients.size() > MAX_CLIENTS; ) {
            eldest.next();
            eldest.remove();
        }
    }

    private static String key(InetAddress client) {
        if (client instanceof Inet6Address && !client.isLoopbackAddress()) {
            byte[] a = client.getAddress();
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < 8; i += 2) {
                b.append(Integer.toHexString(((a[i] & 0xff) << 8) | (a[i + 1] & 0xff))).append(':');
            }
            return b + ":/64";
        }
        return client.getHostAddress();
    }
}
