package dev.lathe.views.devices;

import java.util.Optional;

/**
 * What the user typed in the Add device dialog, checked: {@code host:port} (an IPv6 address in brackets) and a token.
 *
 * @param problem what to fix, when the input cannot be used; empty when it can
 */
public record PairTarget(String host, int port, String token, Optional<String> problem) {

    public static PairTarget parse(String address, String token) {
        String a = address == null ? "" : address.strip();
        String t = token == null ? "" : token.strip();
        int colon = a.lastIndexOf(':');
        String host = colon > 0 ? a.substring(0, colon) : "";
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port = -1;
        try {
            port = colon > 0 ? Integer.parseInt(a.substring(colon + 1)) : -1;
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (a.isEmpty()) {
            return invalid("Type the address the agent printed, as HOST:PORT, like 192.168.1.20:7443.");
        }
        if (host.isBlank() || port < 1 || port > 65535) {
            return invalid("'" + a + "' is not HOST:PORT: type it like 192.168.1.20:7443 (the port is 1-65535).");
        }
        if (t.isEmpty()) {
            return invalid("Type the pairing token the agent printed (like ABCD-EFGH-JKLM).");
        }
        return new PairTarget(host, port, t, Optional.empty());
    }

    private static PairTarget invalid(String problem) {
        return new PairTarget("", -1, "", Optional.of(problem));
    }
}
