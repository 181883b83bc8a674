package dev.lathe.agent;

import dev.lathe.engine.device.remote.CertificateFingerprint;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The agent's TLS key and self-signed certificate, made at first start and kept in the data folder. Workbenches pin
 * the certificate's fingerprint when they pair, so it must stay the same across restarts: deleting these files
 * makes every paired workbench refuse the agent until it pairs again.
 */
final class AgentIdentity {
    static final String NAME = "lathe-agent";
    private static final Duration VALIDITY = Duration.ofDays(365L * 30);

    private final Path keyFile;
    private final Path certificateFile;
    private final X509Certificate certificate;

    private AgentIdentity(Path keyFile, Path certificateFile, X509Certificate certificate) {
        this.keyFile = keyFile;
        this.certificateFile = certificateFile;
        this.certificate = certificate;
    }

    static AgentIdentity loadOrCreate(Path dataDir) throws IOException, GeneralSecurityException {
        Path key = dataDir.resolve("agent-key.pem");
        Path cert = dataDir.resolve("agent-cert.pem");
        if (!Files.exists(key) || !Files.exists(cert)) {
            create(key, cert);
        }
        try (InputStream in = Files.newInputStream(cert)) {
            X509Certificate x509 = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            return new AgentIdentity(key, cert, x509);
        }
    }

    Path keyFile() {
        return keyFile;
    }

    Path certificateFile() {
        return certificateFile;
    }

    String fingerprint() {
        return CertificateFingerprint.of(certificate);
    }

    private static void create(Path keyFile, Path certFile) throws IOException, GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
        KeyPair pair = generator.generateKeyPair();
        X500Name subject = new X500Name("CN=" + NAME);
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
                new BigInteger(64, new SecureRandom()), Date.from(now.minus(Duration.ofDays(1))),
                Date.from(now.plus(VALIDITY)), subject, pair.getPublic());
        builder.addExtension(Extension.subjectAlternativeName, false,
                new GeneralNames(new GeneralName(GeneralName.dNSName, NAME)));
        X509Certificate certificate;
        try {
            certificate = new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException("cannot sign the agent's certificate: " + e.getMessage(), e);
        }
        PrivateFiles.write(keyFile, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
        PrivateFiles.write(certFile, pem("CERTIFICATE", certificate.getEncoded()));
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
