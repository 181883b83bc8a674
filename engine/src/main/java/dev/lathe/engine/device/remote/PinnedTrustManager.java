package dev.lathe.engine.device.remote;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trusts exactly one agent certificate, the one pinned at pairing (trust on first use). An agent's certificate is
 * self-signed and names no host, so there is no chain or host name to check: the fingerprint is the identity.
 * With nothing pinned yet (while pairing) it accepts any certificate and remembers what it saw.
 */
final class PinnedTrustManager extends X509ExtendedTrustManager {
    private final Optional<String> pinned;
    private final AtomicReference<String> presented = new AtomicReference<>();

    PinnedTrustManager(Optional<String> pinned) {
        this.pinned = pinned.map(CertificateFingerprint::normalize);
    }

    /** The fingerprint the agent presented in the last handshake, if one happened. */
    Optional<String> presented() {
        return Optional.ofNullable(presented.get());
    }

    /** True when the last handshake failed because the agent presented another certificate than the pinned one. */
    boolean mismatched() {
        return pinned.isPresent() && presented().filter(p -> !p.equals(pinned.get())).isPresent();
    }

    private void check(X509Certificate[] chain) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("the agent presented no certificate");
        }
        String fingerprint = CertificateFingerprint.of(chain[0]);
        presented.set(fingerprint);
        if (pinned.isPresent() && !pinned.get().equals(fingerprint)) {
            throw new CertificateException("certificate changed: paired with " + pinned.get() + ", the agent presents "
                    + fingerprint);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        check(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("a workbench does not accept connections");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        throw new CertificateException("a workbench does not accept connections");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        throw new CertificateException("a workbench does not accept connections");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
