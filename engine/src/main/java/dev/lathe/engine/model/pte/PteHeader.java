package dev.lathe.engine.model.pte;

import dev.lathe.engine.model.ModelFormatException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

/** The 32-byte {@code eh00} header after the identifier: how long the program part is and where segments lie. */
record PteHeader(long programBytes, long segmentBase, long segmentBytes) {
    static final int BYTES = 32;

    static Optional<PteHeader> of(byte[] head) {
        if (head.length < 8 + BYTES
                || !new String(head, 8, 4, StandardCharsets.US_ASCII).equals("eh00")) {
            return Optional.empty();
        }
        ByteBuffer b = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
        return Optional.of(new PteHeader(b.getLong(16), b.getLong(24), b.getLong(32)));
    }

    /** A file cut short (a copy that stopped, a download not finished) is named as such, with both sizes. */
    void checkFits(Path file, long fileBytes) throws ModelFormatException {
        long needed = segmentBytes > 0 ? segmentBase + segmentBytes : programBytes;
        if (programBytes < 8 + BYTES || segmentBase < 0 || segmentBytes < 0 || needed < 0) {
            throw new ModelFormatException(file, "is a damaged ExecuTorch program: its eh00 header gives "
                    + "impossible sizes");
        }
        if (fileBytes < needed || fileBytes < programBytes) {
            throw new ModelFormatException(file, "is cut short: its header says " + Math.max(needed, programBytes)
                    + " bytes, the file has " + fileBytes + "; copy or export it again");
        }
    }
}
