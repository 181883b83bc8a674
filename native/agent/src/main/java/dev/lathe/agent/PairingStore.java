package dev.lathe.agent;

import dev.lathe.engine.provenance.Hashing;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;

/**
 * The pairing token the agent prints, and the workbenches paired with it. The token is made once and kept, so a
 * second workbench can pair later; a client's secret is stored only as its SHA-256, so the data folder alone does
 * not let anyone act as a paired workbench.
 */
final class PairingStore {
    /** No 0/O or 1/I, so a token read off a small screen is typed right. 12 of 32 symbols: 60 bits. */
    /** What a workbench receives once and presents on every call. */
    record Credential(String clientId, String secret) {
    }

    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    private final Path clientsFile;
    private final String token;
    private final Properties clients = new Properties();
    private final SecureRandom random = new SecureRandom();

    private PairingStore(Path clientsFile, String token) {
        this.clientsFile = clientsFile;
        this.token = token;
    }

    static PairingStore open(Path dataDir) throws IOException {
        Path tokenFile = dataDir.resolve("pairing-token");
        if (!Files.exists(tokenFile)) {
            PrivateFiles.write(tokenFile, newToken(new SecureRandom()) + "\n");
        }
        PairingStore store = new PairingStore(dataDir.resolve("paired-clients.properties"),
                Files.readString(tokenFile).strip());
        if (Files.exists(store.clientsFile)) {
            try (Reader in = Files.newBufferedReader(store.clientsFile)) {
                store.clients.load(in);
            }
        }
        return store;
    }

    String token() {
        return token;
    }

    /** A new credential for a workbench that showed the right token, else empty. */
    synchronized Optional<Credential> pair(String offered, String clientName) throws IOException {
        if (!constantTimeEquals(offered.strip().toUpperCase(Locale.ROOT), token)) {
            return Optional.empty();
        }
        String id = UUID.randomUUID().toString();
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String encoded = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        clients.setProperty(id, Hashing.sha256(encoded.getBytes(StandardCharsets.UTF_8)));
        StringWriter text = new StringWriter();
        clients.store(text, "Paired workbenches: client id = SHA-256 of its secret. Delete a line to unpair.");
        PrivateFiles.write(clientsFile, text.toString());
        return Optional.of(new Credential(id, encoded));
    }

    /** True when {@code bearer} ("Bearer id.secret") names a paired client with its secret. */
    synchronized boolean accepts(String bearer) {
        if (bearer == null || !bearer.startsWith("Bearer ")) {
            return false;
        }
        String credential = bearer.substring("Bearer ".length());
        int dot = credential.indexOf('.');
        if (dot <= 0) {
            return false;
        }
        String stored = clients.getProperty(credential.substring(0, dot));
        String offered = Hashing.sha256(credential.substring(dot + 1).getBytes(StandardCharsets.UTF_8));
        return stored != null && constantTimeEquals(offered, stored);
    }

    private static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private static String newToken(SecureRandom random) {
        StringBuilder token = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            if (i > 0 && i % 4 == 0) {
                token.append('-');
            }
            token.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return token.toString();
    }
}
