package dev.lathe.engine.device.remote;

import io.grpc.Metadata;
import java.util.Optional;

/**
 * The device protocol's version, sent by every client call in the {@code lathe-protocol} header. A different major
 * means the two sides no longer understand each other; a different minor only adds things, so it is accepted.
 */
public final class ProtocolVersion {
    public static final int MAJOR = 1;
    public static final int MINOR = 3;
    public static final String CURRENT = MAJOR + "." + MINOR;
    /** The minor version from which an ONNX model's external data files travel with it (ModelDataFile). */
    public static final int MODEL_DATA_MINOR = 2;
    /** The minor version from which an agent takes ExecuTorch programs (ModelFileFormat.PTE). */
    public static final int PTE_MINOR = 3;
    public static final Metadata.Key<String> HEADER = Metadata.Key.of("lathe-protocol", Metadata.ASCII_STRING_MARSHALLER);
    public static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private ProtocolVersion() {
    }

    /** Why an agent speaking {@link #CURRENT} refuses a client that sent {@code header}, or empty when it does not. */
    public static Optional<String> refusal(String header) {
        if (header == null || header.isBlank()) {
            return Optional.of("the client sent no lathe-protocol header; this agent speaks Lathe device protocol "
                    + CURRENT + ": use a Lathe workbench of the same major version");
        }
        String major = header.strip().split("\\.", 2)[0];
        if (major.equals(Integer.toString(MAJOR))) {
            return Optional.empty();
        }
        String newer = parse(major) > MAJOR ? "the workbench is newer: update the agent" : "the agent is newer: "
                + "update the workbench";
        return Optional.of("the workbench speaks Lathe device protocol " + header.strip() + ", this agent speaks "
                + CURRENT + " (major versions differ; " + newer + ")");
    }

    /**
     * Whether an agent that describes itself as speaking {@code version} (DeviceDescription.protocol_version) knows
     * what this major's {@code minor} added.
     */
    public static boolean knows(String version, int minor) {
        String[] parts = version.strip().split("\\.", 3);
        return parts.length >= 2 && parse(parts[0]) == MAJOR && parse(parts[1]) >= minor;
    }

    private static int parse(String major) {
        try {
            return Integer.parseInt(major);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
