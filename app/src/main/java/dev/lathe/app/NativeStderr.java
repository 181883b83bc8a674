package dev.lathe.app;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Platform;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.function.IntSupplier;
import org.slf4j.LoggerFactory;

/**
 * Sends what native libraries write to file descriptor 2 into {@code logs/native.log}, and keeps the terminal for
 * Java's own standard error. ONNX Runtime and PyTorch print their log lines (in colour) straight to descriptor 2:
 * ONNX Runtime's Java API sets a level but takes no logging function, and libtorch's warnings never pass through
 * Java. So descriptor 2 is pointed at the file ({@code dup2}) and {@code System.err} writes to a copy of the old
 * descriptor. Linux only, through JNA's libc; elsewhere nothing changes.
 */
final class NativeStderr {
    static final String FILE = "native.log";
    private static final long ROTATE_BYTES = 5L * 1024 * 1024;
    private static final int STDERR = 2;
    private static final int O_WRONLY = 01;
    private static final int O_CREAT = 0100;
    private static final int O_APPEND = 02000;
    private static final int EINTR = 4;
    private static final long TIOCGWINSZ = 0x5413;
    private static final int FALLBACK_COLUMNS = 80;

    /** Where standard error now goes for Java, and whether that is a terminal ({@code columns} wide). */
    record Console(boolean terminal, IntSupplier columns) {
    }

    /** The few calls of the C library this needs. {@code open} and {@code ioctl} take fixed arguments here. */
    interface LibC extends Library {
        int dup(int fd);

        int dup2(int from, int to);

        int open(String path, int flags, int mode);

        int close(int fd);

        int isatty(int fd);

        NativeLong write(int fd, byte[] bytes, NativeLong count);

        int ioctl(int fd, NativeLong request, short[] windowSize);
    }

    private NativeStderr() {
    }

    static Console divert(Path logDir) {
        Console unchanged = new Console(System.console() != null, () -> FALLBACK_COLUMNS);
        if (!Platform.isLinux()) {
            return unchanged;
        }
        try {
            LibC c = Native.load("c", LibC.class);
            Files.createDirectories(logDir);
            Path file = logDir.resolve(FILE);
            if (Files.isRegularFile(file) && Files.size(file) > ROTATE_BYTES) {
                Files.move(file, logDir.resolve("native.1.log"), StandardCopyOption.REPLACE_EXISTING);
            }
            int log = c.open(file.toString(), O_WRONLY | O_CREAT | O_APPEND, 0644);
            if (log < 0) {
                throw new IOException("cannot open " + file + " (errno " + Native.getLastError() + ")");
            }
            int terminal = c.dup(STDERR);
            if (terminal < 0 || c.dup2(log, STDERR) < 0) {
                c.close(log);
                throw new IOException("cannot redirect descriptor 2 (errno " + Native.getLastError() + ")");
            }
            c.close(log);
            System.err.flush();
            System.setErr(new PrintStream(new Descriptor(c, terminal), true, StandardCharsets.UTF_8));
            return new Console(c.isatty(terminal) == 1, () -> columns(c, terminal));
        } catch (IOException | LinkageError | RuntimeException e) {
            LoggerFactory.getLogger(NativeStderr.class).info("Native libraries' log lines stay on standard error: {}",
                    e.toString());
            return unchanged;
        }
    }

    private static int columns(LibC c, int fd) {
        short[] size = new short[4];
        if (c.ioctl(fd, new NativeLong(TIOCGWINSZ), size) == 0 && size[1] > 0) {
            return size[1];
        }
        return FALLBACK_COLUMNS;
    }

    /** Writes to a file descriptor by number, which Java's streams cannot be given. */
    private static final class Descriptor extends OutputStream {
        private final LibC c;
        private final int fd;

        Descriptor(LibC c, int fd) {
            this.c = c;
            this.fd = fd;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public synchronized void write(byte[] bytes, int off, int len) throws IOException {
            byte[] left = Arrays.copyOfRange(bytes, off, off + len);
            while (left.length > 0) {
                long n = c.write(fd, left, new NativeLong(left.length)).longValue();
                if (n < 0 && Native.getLastError() != EINTR) {
                    throw new IOException("write to standard error failed (errno " + Native.getLastError() + ")");
                }
                if (n > 0) {
                    left = Arrays.copyOfRange(left, (int) n, left.length);
                }
            }
        }
    }
}
