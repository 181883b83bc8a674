package dev.lathe.engine.device.remote;

/**
 * Everything a workbench must keep to talk to an agent again: where it is, the certificate fingerprint pinned at
 * pairing, and the credential the agent issued. The secret is a password: store it where only this user can read it.
 */
public record PairedAgent(String host, int port, String certificateSha256, String clientId, String clientSecret) {
    public PairedAgent {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1-65535, got " + port);
        }
        certificateSha256 = CertificateFingerprint.normalize(certificateSha256);
    }

    public String address() {
        return host + ":" + port;
    }

    /** The value of the authorization header the agent expects. */
    String bearer() {
        return "Bearer " + clientId + "." + clientSecret;
    }
}
