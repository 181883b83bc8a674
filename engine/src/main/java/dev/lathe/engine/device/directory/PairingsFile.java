package dev.lathe.engine.device.directory;

import dev.lathe.engine.device.DeviceException;
import dev.lathe.engine.device.remote.PairedAgent;
import dev.lathe.engine.device.remote.PairedAgents;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Optional;

/**
 * The paired devices file as other writers change it while a directory runs: {@code lathe pair} or
 * {@code lathe forget} in a terminal, or a second workbench. {@link #reread()} reads the file again only when it was
 * replaced or changed since the last read, so asking on every probe tick costs one stat.
 */
final class PairingsFile {
    /** What identifies one version of the file: writers replace it (a new file key) or, if not, change its time. */
    private record Stamp(boolean exists, Object fileKey, FileTime modified, long size) {
        static final Stamp ABSENT = new Stamp(false, null, null, -1);
    }

    private final PairedAgents paired;
    private Stamp last = Stamp.ABSENT;

    PairingsFile(PairedAgents paired) {
        this.paired = paired;
    }

    /** Every pairing in the file now; the file as it stood is remembered for {@link #reread()}. */
    synchronized List<PairedAgent> read() throws DeviceException {
        // Stamped before reading: a write landing in between is then seen as a change at the next reread.
        Stamp before = stamp();
        try {
            return paired.all();
        } finally {
            last = before;
        }
    }

    /** Every pairing, when the file changed since the last read; empty when it did not. */
    synchronized Optional<List<PairedAgent>> reread() throws DeviceException {
        if (stamp().equals(last)) {
            return Optional.empty();
        }
        return Optional.of(read());
    }

    private Stamp stamp() {
        try {
            BasicFileAttributes a = Files.readAttributes(paired.file(), BasicFileAttributes.class);
            return new Stamp(true, a.fileKey(), a.lastModifiedTime(), a.size());
        } catch (IOException e) {
            return Stamp.ABSENT;
        }
    }
}
