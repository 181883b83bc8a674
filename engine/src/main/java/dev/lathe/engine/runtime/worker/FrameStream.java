package dev.lathe.engine.runtime.worker;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InvalidClassException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;

/**
 * Frames as Java serialization, each preceded by its length. Both ends are the same build on one class path, and a
 * call's values (float arrays, model bytes, exceptions with their types) pass as they are. What a frame may hold is
 * an allow-list: Lathe's own values and {@code java.lang}/{@code java.util} ones, nothing else, so a worker that a
 * model took over (native code runs there) cannot make its parent build arbitrary objects. Exceptions from other
 * libraries (ONNX Runtime's, DJL's) are sent as {@link ForeignCause}s carrying their class name, message and stack.
 */
final class FrameStream {
    private static final int MAX_FRAME_BYTES = Integer.MAX_VALUE - 64;
    private static final ObjectInputFilter ALLOWED = ObjectInputFilter.Config.createFilter(
            "maxdepth=64;maxrefs=10000000;dev.lathe.**;java.lang.*;java.util.*;!*");

    private final DataInputStream in;
    private final DataOutputStream out;

    FrameStream(InputStream in, OutputStream out) {
        this.in = new DataInputStream(in);
        this.out = new DataOutputStream(out);
    }

    /** The next frame; {@link EOFException} when the other side closed its end. */
    Frame read() throws IOException {
        int length = in.readInt();
        if (length <= 0 || length > MAX_FRAME_BYTES) {
            throw new IOException("a frame of " + length + " bytes");
        }
        byte[] bytes = in.readNBytes(length);
        if (bytes.length < length) {
            throw new EOFException("the frame ended after " + bytes.length + " of " + length + " bytes");
        }
        try (ObjectInputStream objects = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            objects.setObjectInputFilter(ALLOWED);
            Object frame = objects.readObject();
            if (!(frame instanceof Frame f)) {
                throw new InvalidClassException("not a frame: " + frame.getClass().getName());
            }
            return f;
        } catch (ClassNotFoundException e) {
            throw new InvalidClassException("unknown class in a frame: " + e.getMessage());
        }
    }

    /** Writes one frame whole; frames from several threads never interleave. */
    void write(Frame frame) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream objects = new ForeignCauses(bytes)) {
            objects.writeObject(frame);
        }
        synchronized (out) {
            out.writeInt(bytes.size());
            bytes.writeTo(out);
            out.flush();
        }
    }

    void closeOutput() throws IOException {
        out.close();
    }

    /** Replaces exceptions whose classes the other side would refuse. */
    private static final class ForeignCauses extends ObjectOutputStream {
        ForeignCauses(OutputStream out) throws IOException {
            super(out);
            enableReplaceObject(true);
        }

        @Override
        protected Object replaceObject(Object obj) {
            if (obj instanceof Throwable t && !(t instanceof ForeignCause) && !allowed(t.getClass().getName())) {
                return new ForeignCause(t);
            }
            return obj;
        }

        private static boolean allowed(String className) {
            return className.startsWith("dev.lathe.")
                    || (className.startsWith("java.lang.") && className.indexOf('.', 10) < 0)
                    || (className.startsWith("java.util.") && className.indexOf('.', 10) < 0);
        }
    }
}
